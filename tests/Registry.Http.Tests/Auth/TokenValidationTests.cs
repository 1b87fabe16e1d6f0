using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Registry.Http.Auth;
using Registry.Http.Tests.Infrastructure;

namespace Registry.Http.Tests.Auth;

/// <summary>Tokens the registry must refuse, each crafted with the real signing key but one thing wrong.</summary>
public sealed class TokenValidationTests : AuthTestBase
{
    private static readonly byte[] PreviousKey = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] CurrentKey = RandomNumberGenerator.GetBytes(32);

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Registry:Auth:SigningKey"] = Convert.ToBase64String(CurrentKey),
        ["Registry:Auth:PreviousSigningKey"] = Convert.ToBase64String(PreviousKey),
    };

    [Fact]
    public async Task Crafted_Valid_IsAccepted()
    {
        using var response = await PullWithAsync(Craft(CurrentKey));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task SignedWithPreviousKey_IsAcceptedDuringRotation()
    {
        using var response = await PullWithAsync(Craft(PreviousKey));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task IssuedByEndpoint_CarriesKidOfCurrentKey()
    {
        var token = new JsonWebToken(await GetTokenAsync(AdminUser, AdminPassword, "repository:team/app:pull"));
        var current = await Services.GetRequiredService<SigningKeys>().CurrentAsync();
        Assert.Equal(current.KeyId, token.Kid);
        Assert.Equal("HS256", token.Alg);
        Assert.Equal("localhost", token.Audiences.Single());
        Assert.Equal(AdminUser, token.Subject);
    }

    [Fact]
    public async Task Tampered_Refused()
    {
        var token = await GetTokenAsync(AdminUser, AdminPassword, "repository:team/app:pull");
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("team/app", "team/xyz", StringComparison.Ordinal);
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";

        using var response = await PullWithAsync(tampered, "team/xyz");
        await AssertRefusedAsync(response);
    }

    [Fact]
    public async Task Expired_Refused() => await AssertRefusedAsync(await PullWithAsync(Craft(CurrentKey, notBefore: DateTime.UtcNow.AddMinutes(-20), expires: DateTime.UtcNow.AddMinutes(-10))));

    [Fact]
    public async Task NotYetValid_Refused() => await AssertRefusedAsync(await PullWithAsync(Craft(CurrentKey, notBefore: DateTime.UtcNow.AddMinutes(10), expires: DateTime.UtcNow.AddMinutes(20))));

    [Fact]
    public async Task WrongAudience_Refused() => await AssertRefusedAsync(await PullWithAsync(Craft(CurrentKey, audience: "other-registry")));

    [Fact]
    public async Task WrongIssuer_Refused() => await AssertRefusedAsync(await PullWithAsync(Craft(CurrentKey, issuer: "someone-else")));

    [Fact]
    public async Task UnknownKey_Refused() => await AssertRefusedAsync(await PullWithAsync(Craft(RandomNumberGenerator.GetBytes(32))));

    [Fact]
    public async Task AlgNone_Refused()
    {
        var header = Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        var exp = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds();
        var payload = Base64UrlEncoder.Encode(
            $"{{\"iss\":\"registry-token-issuer\",\"aud\":\"localhost\",\"sub\":\"admin\",\"exp\":{exp},\"access\":[{{\"type\":\"repository\",\"name\":\"team/app\",\"actions\":[\"pull\"]}}]}}");

        await AssertRefusedAsync(await PullWithAsync($"{header}.{payload}."));
    }

    [Fact]
    public async Task Garbage_Refused() => await AssertRefusedAsync(await PullWithAsync("not.a.token"));

    private static string Craft(byte[] key, string audience = "localhost", string issuer = "registry-token-issuer", DateTime? notBefore = null, DateTime? expires = null)
    {
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        var signing = new SymmetricSecurityKey(key) { KeyId = Convert.ToHexStringLower(SHA256.HashData(key))[..16] };
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", AdminUser)]),
            NotBefore = notBefore ?? DateTime.UtcNow.AddMinutes(-1),
            IssuedAt = notBefore ?? DateTime.UtcNow.AddMinutes(-1),
            Expires = expires ?? DateTime.UtcNow.AddMinutes(5),
            Claims = new Dictionary<string, object>
            {
                ["access"] = new[] { new Dictionary<string, object> { ["type"] = "repository", ["name"] = "team/app", ["actions"] = new[] { "pull" } } },
            },
            SigningCredentials = new SigningCredentials(signing, SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>A manifest GET: 404 MANIFEST_UNKNOWN means the token was accepted, 401 that it was not.</summary>
    private Task<HttpResponseMessage> PullWithAsync(string token, string repository = "team/app") =>
        SendWithTokenAsync(HttpMethod.Get, $"/v2/{repository}/manifests/latest", token);

    private static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        using (response)
        {
            await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
            Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }
    }
}
