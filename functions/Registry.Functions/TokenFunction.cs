using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Registry.Http.Auth;

namespace Registry.Functions;

/// <summary>
/// Docker's token realm (<c>/token</c>) as its own function: GET with Basic credentials (docker) and
/// the OAuth2 form POST (containerd, the .NET SDK). Anonymous at the host level; the handler checks.
/// </summary>
public sealed class TokenFunction(TokenHandler tokens)
{
    public const string Route = "token";

    [Function("Token")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = Route)] HttpRequest request)
    {
        await tokens.IssueToken(request.HttpContext);
        return new EmptyResult();
    }
}
