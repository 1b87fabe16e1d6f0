using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Storage;
using Registry.Http.Tests.Infrastructure;

namespace Registry.Http.Tests.Auth;

/// <summary>The OAuth2 form POST (containerd, .NET SDK), refresh tokens, and revocation.</summary>
public sealed class RefreshAndRevocationTests : AuthTestBase
{
    [Fact]
    public async Task PasswordGrant_Offline_ReturnsRefreshToken_ThatGetsWorkingAccessTokens()
    {
        var digest = await SeedBlobAsync("team/app", TestContent.RandomBytes(100));
        var secret = await AddCredentialAsync("ci", "team/*", "pull,push");
        var refresh = await PasswordGrantAsync("ci", secret);

        using var refreshed = await PostTokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refresh,
            ["service"] = "localhost",
            ["client_id"] = "containerd-client",
            ["scope"] = "repository:team/app:pull",
        });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        using var json = JsonDocument.Parse(await refreshed.Content.ReadAsStringAsync());
        var token = json.RootElement.GetProperty("access_token").GetString();

        using var pulled = await SendWithTokenAsync(HttpMethod.Head, $"/v2/team/app/blobs/{digest}", token);
        Assert.Equal(HttpStatusCode.OK, pulled.StatusCode);
    }

    [Fact]
    public async Task RefreshToken_IsNotAnAccessToken()
    {
        var secret = await AddCredentialAsync("ci2", "team/*", "pull");
        var refresh = await PasswordGrantAsync("ci2", secret);

        using var response = await SendWithTokenAsync(HttpMethod.Get, "/v2/", refresh);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task RevokedCredential_GetsNoNewToken_ByPasswordOrRefresh()
    {
        var secret = await AddCredentialAsync("leaver", "team/*", "pull");
        var refresh = await PasswordGrantAsync("leaver", secret);

        Assert.True(await Services.GetRequiredService<ICredentialStore>().RevokeAsync("leaver", DateTimeOffset.UtcNow, CancellationToken.None));

        using var byPassword = await GetTokenResponseAsync("leaver", secret, "repository:team/app:pull");
        await byPassword.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        using var byRefresh = await PostTokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refresh,
            ["service"] = "localhost",
        });
        await byRefresh.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task GetWithOfflineToken_ReturnsRefreshToken()
    {
        using var response = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/token?service=localhost&offline_token=true&scope=repository:x/y:pull")
        {
            Headers = { Authorization = new("Basic", Convert.ToBase64String("admin:admin-secret"u8.ToArray())) },
        });
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("refresh_token").GetString()));
    }

    [Fact]
    public async Task UnsupportedGrant_400()
    {
        using var response = await PostTokenAsync(new Dictionary<string, string> { ["grant_type"] = "client_credentials" });
        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "UNSUPPORTED");
    }

    private async Task<string> PasswordGrantAsync(string user, string secret)
    {
        using var response = await PostTokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = user,
            ["password"] = secret,
            ["service"] = "localhost",
            ["client_id"] = "dotnet-sdk",
            ["access_type"] = "offline",
            ["scope"] = "repository:team/app:pull,push",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("refresh_token").GetString()!;
    }
}
