using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Registry.Http.Auth;

/// <summary>
/// Creates and validates the registry's JWTs with Microsoft.IdentityModel: HS256, <c>iss</c>, <c>aud</c> =
/// service, <c>kid</c>, a short lifetime, and Docker's <c>access</c> claim. Refresh tokens are JWTs of
/// their own kind (<c>token_use: refresh</c>) that carry no access, only who they were issued to.
/// See https://distribution.github.io/distribution/spec/auth/jwt/.
/// </summary>
public sealed class TokenService(IOptions<AuthOptions> options, SigningKeys keys, TimeProvider time)
{
    private const string AccessClaim = "access";

    /// <summary>Our own claim: what the client asked for and was refused, so the gate answers 403 instead of challenging again.</summary>
    private const string DeniedClaim = "denied";
    private const string UseClaim = "token_use";
    private const string RefreshUse = "refresh";
    private readonly JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };

    public async Task<IssuedToken> IssueAccessTokenAsync(string subject, string service, AccessDecision decision)
    {
        var now = time.GetUtcNow();
        var lifetime = options.Value.TokenLifetime;
        var claims = new Dictionary<string, object> { [AccessClaim] = ToClaim(decision.Granted) };
        if (decision.Denied.Count > 0)
        {
            claims[DeniedClaim] = ToClaim(decision.Denied);
        }

        return new IssuedToken(await CreateAsync(subject, service, now, lifetime, claims), now, lifetime);
    }

    public async Task<string> IssueRefreshTokenAsync(string subject, string service) =>
        await CreateAsync(subject, service, time.GetUtcNow(), options.Value.RefreshTokenLifetime, new Dictionary<string, object> { [UseClaim] = RefreshUse });

    /// <summary>Validates an access token for <paramref name="service"/>; null when it is not one we would accept now.</summary>
    public async Task<ValidatedToken?> ValidateAccessTokenAsync(string token, string service)
    {
        var jwt = await ValidateAsync(token, service);
        if (jwt is null || jwt.TryGetPayloadValue<string>(UseClaim, out _))
        {
            return null;
        }

        using var payload = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(jwt.EncodedPayload));
        return new ValidatedToken(jwt.Subject, ReadScopes(payload.RootElement, AccessClaim), ReadScopes(payload.RootElement, DeniedClaim));
    }

    /// <summary>The subject of a valid refresh token for <paramref name="service"/>; null otherwise.</summary>
    public async Task<string?> ValidateRefreshTokenAsync(string token, string service)
    {
        var jwt = await ValidateAsync(token, service);
        return jwt is not null && jwt.TryGetPayloadValue<string>(UseClaim, out var use) && use == RefreshUse ? jwt.Subject : null;
    }

    private async Task<string> CreateAsync(string subject, string service, DateTimeOffset now, TimeSpan lifetime, Dictionary<string, object> claims)
    {
        var key = await keys.CurrentAsync();
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = service,
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, subject), new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N"))]),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }

    private async Task<JsonWebToken?> ValidateAsync(string token, string service)
    {
        var result = await handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = options.Value.Issuer,
            ValidAudience = service,
            IssuerSigningKeys = await keys.ValidationKeysAsync(),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            LifetimeValidator = (notBefore, expires, _, _) =>
                notBefore <= time.GetUtcNow().UtcDateTime.AddSeconds(30) && expires > time.GetUtcNow().UtcDateTime.AddSeconds(-30),
        });
        return result.IsValid ? result.SecurityToken as JsonWebToken : null;
    }

    private static Dictionary<string, object>[] ToClaim(IReadOnlyList<AccessScope> scopes) =>
        scopes.Select(scope => new Dictionary<string, object>
        {
            ["type"] = scope.Type,
            ["name"] = scope.Name,
            ["actions"] = scope.Actions.ToArray(),
        }).ToArray();

    /// <summary>Reads a claim shaped like Docker's <c>access</c> from the (already validated) payload.</summary>
    private static List<AccessScope> ReadScopes(JsonElement payload, string claim)
    {
        if (!payload.TryGetProperty(claim, out var scopes) || scopes.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return scopes.EnumerateArray()
            .Where(entry => entry.ValueKind == JsonValueKind.Object)
            .Select(entry => new AccessScope(
                entry.TryGetProperty("type", out var type) ? type.GetString() ?? string.Empty : string.Empty,
                entry.TryGetProperty("name", out var name) ? name.GetString() ?? string.Empty : string.Empty,
                entry.TryGetProperty("actions", out var actions) && actions.ValueKind == JsonValueKind.Array
                    ? actions.EnumerateArray().Select(a => a.GetString() ?? string.Empty).ToList()
                    : []))
            .ToList();
    }
}

/// <summary>An access token with when it was issued and how long it lives.</summary>
public sealed record IssuedToken(string Token, DateTimeOffset IssuedAt, TimeSpan Lifetime);

/// <summary>What a valid access token says: who it was issued to, what it grants, and what its request was refused.</summary>
public sealed record ValidatedToken(string Subject, IReadOnlyList<AccessScope> Access, IReadOnlyList<AccessScope> Denied)
{
    public bool Grants(string type, string name, string action) => Covers(Access, type, name, action);

    public bool Refused(string type, string name, string action) => Covers(Denied, type, name, action);

    private static bool Covers(IReadOnlyList<AccessScope> scopes, string type, string name, string action) =>
        scopes.Any(scope => scope.Type == type && scope.Name == name && (scope.Actions.Contains(action) || scope.Actions.Contains("*")));
}
