using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Registry.Core.Errors;
using Registry.Http.Access;

namespace Registry.Http.Auth;

/// <summary>
/// Requires a valid bearer token from <see cref="TokenHandler"/> on every request. No or an invalid
/// token: 401 UNAUTHORIZED with a challenge naming the realm, the service and the exact scope needed,
/// so the client fetches a token and retries. A token whose request asked for this access and was
/// refused it: 403 DENIED. A token that never asked for it: 401 with the scope, so the client asks
/// again (the .NET SDK asks only for the scope a challenge names: pull first, then pull,push).
/// See https://distribution.github.io/distribution/spec/auth/token/.
/// </summary>
public sealed class TokenAccessGate(TokenService tokens, ServiceEndpoint endpoint) : IAccessGate
{
    private static readonly object TokenKey = new();

    public async ValueTask<RegistryError?> CheckAsync(HttpContext context, IReadOnlyList<AccessRequirement> required)
    {
        var token = await ValidatedAsync(context);
        if (token is null)
        {
            var presented = context.Request.Headers.Authorization.Count > 0;
            return Challenge(context, required, presented ? "invalid_token" : null, presented ? "the token is invalid or expired" : "authentication required");
        }

        foreach (var requirement in required)
        {
            if (token.Grants(requirement.Type, requirement.Name, requirement.Action))
            {
                continue;
            }

            return token.Refused(requirement.Type, requirement.Name, requirement.Action)
                ? ErrorCode.Denied.With($"{token.Subject} may not {requirement.Action} {requirement.Type} {requirement.Name}")
                : Challenge(context, required, "insufficient_scope", $"the token does not grant {requirement}");
        }

        return null;
    }

    public async ValueTask<bool> HasAsync(HttpContext context, AccessRequirement requirement) =>
        await ValidatedAsync(context) is { } token && token.Grants(requirement.Type, requirement.Name, requirement.Action);

    /// <summary>The request's valid bearer token, validated once per request.</summary>
    private async Task<ValidatedToken?> ValidatedAsync(HttpContext context)
    {
        if (context.Items.TryGetValue(TokenKey, out var cached))
        {
            return cached as ValidatedToken;
        }

        ValidatedToken? token = null;
        if (AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization, out var header)
            && string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase) && header.Parameter is { Length: > 0 } value)
        {
            token = await tokens.ValidateAccessTokenAsync(value, endpoint.Service(context.Request));
        }

        context.Items[TokenKey] = token;
        return token;
    }

    private RegistryError Challenge(HttpContext context, IReadOnlyList<AccessRequirement> required, string? error, string detail)
    {
        var challenge = $"Bearer realm=\"{endpoint.Realm(context.Request)}\",service=\"{endpoint.Service(context.Request)}\"";
        if (required.Count > 0)
        {
            challenge += $",scope=\"{Scope(required)}\"";
        }

        if (error is not null)
        {
            challenge += $",error=\"{error}\"";
        }

        context.Response.Headers.WWWAuthenticate = challenge;
        return ErrorCode.Unauthorized.With(detail);
    }

    /// <summary>The scopes to ask for, one per resource; a push also asks for pull, which every push needs for its HEAD checks.</summary>
    private static string Scope(IReadOnlyList<AccessRequirement> required) =>
        string.Join(' ', required
            .GroupBy(r => (r.Type, r.Name))
            .Select(g => $"{g.Key.Type}:{g.Key.Name}:{string.Join(',', g.SelectMany(r => r.Action == RegistryAction.Push ? new[] { RegistryAction.Pull, RegistryAction.Push } : [r.Action]).Distinct())}"));
}
