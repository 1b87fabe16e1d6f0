using System.Net;
using System.Text.Json;
using Registry.Http.Tests.Infrastructure;

namespace Registry.Http.Tests.Auth;

/// <summary>The challenge -> token -> retry flow, and what each identity may do.</summary>
public sealed class TokenFlowTests : AuthTestBase
{
    [Fact]
    public async Task GetV2_WithoutToken_401WithBearerChallenge()
    {
        using var response = await Client.SendAsync(HttpMethod.Get, "/v2/");

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Equal("Bearer realm=\"http://localhost/token\",service=\"localhost\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task ManifestGet_WithoutToken_ChallengeNamesExactScope()
    {
        using var response = await Client.SendAsync(HttpMethod.Get, "/v2/team/app/manifests/latest");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer realm=\"http://localhost/token\",service=\"localhost\",scope=\"repository:team/app:pull\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Token_Response_HasTokenAccessTokenExpiresInIssuedAt()
    {
        using var response = await GetTokenResponseAsync(AdminUser, AdminPassword, "repository:team/app:pull");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;

        Assert.Equal(root.GetProperty("token").GetString(), root.GetProperty("access_token").GetString());
        Assert.Equal(300, root.GetProperty("expires_in").GetInt32());
        Assert.True(DateTimeOffset.TryParse(root.GetProperty("issued_at").GetString(), out _));
        Assert.False(root.TryGetProperty("refresh_token", out _));
    }

    [Fact]
    public async Task Admin_TokenFromChallenge_PushesAndPulls()
    {
        var blob = TestContent.RandomBytes(1000);
        var digest = await SeedBlobAsync("team/app", blob);
        var token = await GetTokenAsync(AdminUser, AdminPassword, "repository:team/app:pull");

        using var pulled = await SendWithTokenAsync(HttpMethod.Get, $"/v2/team/app/blobs/{digest}", token);

        Assert.Equal(HttpStatusCode.OK, pulled.StatusCode);
        Assert.Equal(blob, await pulled.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task WrongPassword_401AndNoToken()
    {
        using var response = await GetTokenResponseAsync(AdminUser, "wrong", "repository:team/app:pull");

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task UnknownUser_401()
    {
        using var response = await GetTokenResponseAsync("nobody", "whatever", "repository:team/app:pull");

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task PullOnlyCredential_CanPull_CannotPushOrDelete()
    {
        var digest = await SeedBlobAsync("team/app", TestContent.RandomBytes(100));
        var secret = await AddCredentialAsync("reader", "team/*", "pull");
        var token = await GetTokenAsync("reader", secret, "repository:team/app:pull,push,delete");

        using var pulled = await SendWithTokenAsync(HttpMethod.Head, $"/v2/team/app/blobs/{digest}", token);
        Assert.Equal(HttpStatusCode.OK, pulled.StatusCode);
        using var push = await SendWithTokenAsync(HttpMethod.Post, "/v2/team/app/blobs/uploads/", token);
        await push.AssertErrorAsync(HttpStatusCode.Forbidden, "DENIED");
        using var delete = await SendWithTokenAsync(HttpMethod.Delete, $"/v2/team/app/blobs/{digest}", token);
        await delete.AssertErrorAsync(HttpStatusCode.Forbidden, "DENIED");
        using var stillThere = await SendWithTokenAsync(HttpMethod.Head, $"/v2/team/app/blobs/{digest}", token);
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
    }

    [Fact]
    public async Task TeamCredential_CannotReadOtherRepository()
    {
        var digest = await SeedBlobAsync("other/x", TestContent.RandomBytes(100));
        var secret = await AddCredentialAsync("team-ci", "team/*", "pull,push");

        var asked = await GetTokenAsync("team-ci", secret, "repository:other/x:pull");
        using var denied = await SendWithTokenAsync(HttpMethod.Get, $"/v2/other/x/blobs/{digest}", asked);
        await denied.AssertErrorAsync(HttpStatusCode.Forbidden, "DENIED");

        var teamToken = await GetTokenAsync("team-ci", secret, "repository:team/app:pull,push");
        using var elsewhere = await SendWithTokenAsync(HttpMethod.Get, $"/v2/other/x/blobs/{digest}", teamToken);
        Assert.Equal(HttpStatusCode.Unauthorized, elsewhere.StatusCode);
        Assert.Contains("scope=\"repository:other/x:pull\"", elsewhere.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_PullsOnlyWhereEnabled()
    {
        var open = await SeedBlobAsync("public/base", TestContent.RandomBytes(100));
        var closed = await SeedBlobAsync("private/base", TestContent.RandomBytes(100));

        var publicToken = await GetTokenAsync(null, null, "repository:public/base:pull,push");
        using var pulled = await SendWithTokenAsync(HttpMethod.Get, $"/v2/public/base/blobs/{open}", publicToken);
        Assert.Equal(HttpStatusCode.OK, pulled.StatusCode);
        using var push = await SendWithTokenAsync(HttpMethod.Post, "/v2/public/base/blobs/uploads/", publicToken);
        await push.AssertErrorAsync(HttpStatusCode.Forbidden, "DENIED");

        var privateToken = await GetTokenAsync(null, null, "repository:private/base:pull");
        using var refused = await SendWithTokenAsync(HttpMethod.Get, $"/v2/private/base/blobs/{closed}", privateToken);
        await refused.AssertErrorAsync(HttpStatusCode.Forbidden, "DENIED");
    }

    [Fact]
    public async Task Catalog_NeedsRegistryCatalogScope()
    {
        var secret = await AddCredentialAsync("team-only", "team/*", "pull");
        var admin = await GetTokenAsync(AdminUser, AdminPassword, "registry:catalog:*");
        var team = await GetTokenAsync("team-only", secret, "registry:catalog:*");

        using var allowed = await SendWithTokenAsync(HttpMethod.Get, "/v2/_catalog", admin);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        using var refused = await SendWithTokenAsync(HttpMethod.Get, "/v2/_catalog", team);
        Assert.Contains(refused.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden });
    }

    [Fact]
    public async Task Mount_WithoutPullOnSource_FallsBackToUploadSession()
    {
        var digest = await SeedBlobAsync("other/src", TestContent.RandomBytes(100));
        var secret = await AddCredentialAsync("team-push", "team/*", "pull,push");
        var token = await GetTokenAsync("team-push", secret, "repository:team/app:pull,push", "repository:other/src:pull");

        using var mount = await SendWithTokenAsync(HttpMethod.Post, $"/v2/team/app/blobs/uploads/?mount={digest}&from=other/src", token);
        Assert.Equal(HttpStatusCode.Accepted, mount.StatusCode);

        var admin = await GetTokenAsync(AdminUser, AdminPassword, "repository:team/app:pull,push", "repository:other/src:pull");
        using var mounted = await SendWithTokenAsync(HttpMethod.Post, $"/v2/team/app/blobs/uploads/?mount={digest}&from=other/src", admin);
        Assert.Equal(HttpStatusCode.Created, mounted.StatusCode);
    }

    [Fact]
    public async Task PullToken_ThenPush_ChallengedForPullPushNotDenied()
    {
        // The .NET SDK asks only for the scope a challenge names: a pull token first, then pull,push.
        var pullToken = await GetTokenAsync(AdminUser, AdminPassword, "repository:team/sdk:pull");
        using var challenged = await SendWithTokenAsync(HttpMethod.Post, "/v2/team/sdk/blobs/uploads/", pullToken);
        await challenged.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Contains("scope=\"repository:team/sdk:pull,push\"", challenged.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

        var pushToken = await GetTokenAsync(AdminUser, AdminPassword, "repository:team/sdk:pull,push");
        using var started = await SendWithTokenAsync(HttpMethod.Post, "/v2/team/sdk/blobs/uploads/", pushToken);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
    }

    [Fact]
    public async Task Mount_TokenWithoutSource_FallsBackSilently_WithBothMounts()
    {
        var digest = await SeedBlobAsync("base/runtime", TestContent.RandomBytes(100));
        var targetOnly = await GetTokenAsync(AdminUser, AdminPassword, "repository:dotnet/hello:pull,push");

        using var fallback = await SendWithTokenAsync(HttpMethod.Post, $"/v2/dotnet/hello/blobs/uploads/?mount={digest}&from=base/runtime", targetOnly);
        Assert.Equal(HttpStatusCode.Accepted, fallback.StatusCode);
        Assert.Empty(fallback.Headers.WwwAuthenticate);

        var both = await GetTokenAsync(AdminUser, AdminPassword, "repository:dotnet/hello:pull,push", "repository:base/runtime:pull");
        using var mounted = await SendWithTokenAsync(HttpMethod.Post, $"/v2/dotnet/hello/blobs/uploads/?mount={digest}&from=base/runtime", both);
        Assert.Equal(HttpStatusCode.Created, mounted.StatusCode);
    }

    [Fact]
    public async Task ExpiredCredential_GetsNoToken()
    {
        var secret = await AddCredentialAsync("old", "*", "pull", DateTimeOffset.UtcNow.AddMinutes(-1));

        using var response = await GetTokenResponseAsync("old", secret, "repository:team/app:pull");

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task RepeatedBadPasswords_ForOneName_Throttled()
    {
        var secret = await AddCredentialAsync("victim", "*", "pull");
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await GetTokenResponseAsync("victim", "guess" + i, "repository:team/app:pull");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var locked = await GetTokenResponseAsync("victim", secret, "repository:team/app:pull");
        await locked.AssertErrorAsync(HttpStatusCode.TooManyRequests, "TOOMANYREQUESTS");
        using var other = await GetTokenResponseAsync(AdminUser, AdminPassword, "repository:team/app:pull");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }
}
