using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Registry.Http.Auth;

/// <summary>
/// The service name and the token realm as the client sees them: configured (<see cref="AuthOptions.Realm"/>,
/// <see cref="AuthOptions.Service"/>, as the Azure deployment does), or built from the request's host
/// (or from X-Forwarded-Host/-Proto when a trusted front end sets them), so the realm is right both
/// on <c>*.azurewebsites.net</c> and on <c>127.0.0.1:5000</c>.
/// </summary>
public sealed class ServiceEndpoint(IOptions<AuthOptions> options)
{
    public const string TokenPath = "/token";

    public string Service(HttpRequest request) => options.Value.Service is { Length: > 0 } service ? service : Host(request);

    public string Realm(HttpRequest request) =>
        options.Value.Realm is { Length: > 0 } realm ? realm : $"{Scheme(request)}://{Host(request)}{TokenPath}";

    private string Host(HttpRequest request) =>
        options.Value.TrustForwardedHeaders && First(request.Headers["X-Forwarded-Host"]) is { Length: > 0 } forwarded
            ? forwarded
            : request.Host.Value ?? "localhost";

    private string Scheme(HttpRequest request) =>
        options.Value.TrustForwardedHeaders && First(request.Headers["X-Forwarded-Proto"]) is { Length: > 0 } forwarded
            ? forwarded
            : request.Scheme;

    private static string? First(Microsoft.Extensions.Primitives.StringValues values) =>
        values.Count == 0 ? null : values[0]?.Split(',')[0].Trim();
}
