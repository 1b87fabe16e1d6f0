using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Registry.Core.Errors;
using Registry.Http.Responses;

namespace Registry.Http.Auth;

/// <summary>
/// The token endpoint (<c>/token</c>), Docker's realm: <c>GET</c> with Basic credentials, <c>service</c>,
/// repeated <c>scope</c> and <c>offline_token</c> (docker), and the OAuth2 <c>POST</c> form with
/// <c>grant_type=password|refresh_token</c> (containerd, the .NET SDK). Without credentials it issues a
/// token for what anonymous access allows. The token grants only the part of each requested scope the
/// identity holds. See https://distribution.github.io/distribution/spec/auth/token/ and .../oauth/.
/// </summary>
public sealed partial class TokenHandler(
    IOptions<AuthOptions> options,
    IdentityService identities,
    TokenService tokens,
    LoginThrottle throttle,
    ServiceEndpoint endpoint,
    ILogger<TokenHandler> logger)
{
    public async Task IssueToken(HttpContext context)
    {
        var request = context.Request;
        if (!options.Value.Enabled)
        {
            await ErrorWriter.WriteAsync(context, ErrorCode.NotFound.With("authentication is off: no tokens are needed"));
            return;
        }

        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsPost(request.Method))
        {
            await ErrorWriter.WriteAsync(context, ErrorCode.Unsupported.With($"{request.Method} is not supported on the token endpoint"));
            return;
        }

        var form = HttpMethods.IsPost(request.Method) && request.HasFormContentType ? await request.ReadFormAsync(context.RequestAborted) : null;
        if (HttpMethods.IsPost(request.Method) && form is null)
        {
            await ErrorWriter.WriteAsync(context, ErrorCode.TokenRequestInvalid.With("POST /token takes an application/x-www-form-urlencoded body"));
            return;
        }

        var login = await IdentifyAsync(request, form, context.RequestAborted);
        if (login.Value is not { } identity)
        {
            if (login.Error!.Code == ErrorCode.Unauthorized)
            {
                context.Response.Headers.WWWAuthenticate = $"Basic realm=\"{endpoint.Realm(request)}\"";
            }

            await ErrorWriter.WriteAsync(context, login.Error!);
            return;
        }

        var service = endpoint.Service(request);
        var scopes = RequestedScopes(request, form);
        var decision = identity.Decide(scopes);
        var issued = await tokens.IssueAccessTokenAsync(identity.Subject, service, decision);
        var offline = request.Query["offline_token"].ToString() == "true"
            || form?["access_type"].ToString() == "offline"
            || form?["grant_type"].ToString() == "refresh_token";
        var refresh = offline && identity is not RegistryIdentity.Anonymous ? await tokens.IssueRefreshTokenAsync(identity.Subject, service) : null;
        if (logger.IsEnabled(LogLevel.Information))
        {
            var subject = identity.Subject.Length == 0 ? "(anonymous)" : identity.Subject;
            var scopeList = string.Join(' ', decision.Granted);
            LogIssued(logger, subject, scopeList);
        }

        context.Response.Headers.CacheControl = "no-store";
        await JsonBody.WriteAsync(context, "application/json", json =>
        {
            json.WriteStartObject();
            json.WriteString("token", issued.Token);
            json.WriteString("access_token", issued.Token);
            json.WriteNumber("expires_in", (int)issued.Lifetime.TotalSeconds);
            json.WriteString("issued_at", issued.IssuedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            if (refresh is not null)
            {
                json.WriteString("refresh_token", refresh);
            }

            json.WriteEndObject();
        });
    }

    private async Task<Result<RegistryIdentity>> IdentifyAsync(HttpRequest request, IFormCollection? form, CancellationToken cancellationToken)
    {
        var grant = form?["grant_type"].ToString();
        if (grant == "refresh_token")
        {
            var subject = await tokens.ValidateRefreshTokenAsync(form!["refresh_token"].ToString(), endpoint.Service(request));
            return subject is not null && await identities.ResumeAsync(subject, cancellationToken) is { } resumed
                ? resumed
                : ErrorCode.Unauthorized.With("the refresh token is invalid, expired or its credential revoked");
        }

        if (grant is { Length: > 0 } and not "password")
        {
            return ErrorCode.TokenRequestInvalid.With($"grant_type '{grant}' is not supported; use password or refresh_token");
        }

        var (name, secret) = grant == "password"
            ? (form!["username"].ToString(), form["password"].ToString())
            : ReadBasic(request);
        if (name.Length == 0 && secret.Length == 0)
        {
            return identities.Anonymous;
        }

        if (throttle.IsLockedOut(name))
        {
            return ErrorCode.TooManyRequests.With("too many failed logins for this name; wait a minute");
        }

        if (await identities.AuthenticateAsync(name, secret, cancellationToken) is not { } identity)
        {
            throttle.RecordFailure(name);
            return ErrorCode.Unauthorized.With("incorrect username or password");
        }

        throttle.RecordSuccess(name);
        return identity;
    }

    private static (string Name, string Secret) ReadBasic(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return (string.Empty, string.Empty);
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? (text, string.Empty) : (text[..colon], text[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return (string.Empty, "\0invalid");
        }
    }

    /// <summary>Scopes from repeated <c>scope</c> parameters, each of which may hold several separated by spaces.</summary>
    private static List<AccessScope> RequestedScopes(HttpRequest request, IFormCollection? form) =>
        request.Query["scope"].Concat(form?["scope"] ?? default)
            .SelectMany(value => (value ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(value => AccessScope.TryParse(value, out var scope) ? scope : null)
            .OfType<AccessScope>()
            .ToList();

    [LoggerMessage(Level = LogLevel.Information, Message = "Issued a token to {Subject} for [{Scopes}]")]
    private static partial void LogIssued(ILogger logger, string subject, string scopes);
}
