using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Registry.Http;

namespace Registry.Functions;

/// <summary>
/// The whole <c>/v2/</c> API behind one catch-all route. The Functions host matches routes in
/// registration order and a catch-all may only be the last segment, while repository names
/// contain '/': so routing happens in <see cref="RegistryEndpoint"/>, not here.
/// Anonymous at the host level: registry authentication is done in code.
/// </summary>
public sealed class RegistryFunction(RegistryEndpoint endpoint)
{
    public const string Route = "v2/{*path}";

    [Function("Registry")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", "post", "put", "patch", "delete", Route = Route)] HttpRequest request)
    {
        await endpoint.HandleAsync(request.HttpContext);
        return new EmptyResult();
    }
}
