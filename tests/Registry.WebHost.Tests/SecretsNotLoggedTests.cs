using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Registry.WebHost.Tests;

/// <summary>
/// No password, secret or token is ever written to the host's log, whatever the request: a good and a
/// bad Basic login, an OAuth2 form login, and requests carrying valid and invalid bearer tokens.
/// The test host logs every request line (Hosting.Diagnostics at Information), so a leak would show.
/// </summary>
public sealed class SecretsNotLoggedTests
{
    [Fact]
    public async Task TokenFlows_LeaveNoSecretOrTokenInTheLog()
    {
        await using var host = await HostProcess.StartAsync();
        using var client = new HttpClient { BaseAddress = host.Address };
        const string wrongPassword = "wrong-password-that-must-not-be-logged";

        var token = await host.GetTokenAsync("repository:logs/app:pull,push");
        using (var bad = new HttpRequestMessage(HttpMethod.Get, $"/token?service={HostProcess.Service}&scope=repository:logs/app:pull"))
        {
            bad.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{HostProcess.AdminUser}:{wrongPassword}")));
            using var refused = await client.SendAsync(bad);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using (var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = HostProcess.AdminUser,
            ["password"] = HostProcess.AdminPassword,
            ["service"] = HostProcess.Service,
            ["access_type"] = "offline",
            ["scope"] = "repository:logs/app:pull",
        }))
        {
            using var posted = await client.PostAsync(new Uri("/token", UriKind.Relative), form);
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        }

        using (var authorized = host.CreateClient(token))
        {
            using var allowed = await authorized.GetAsync(new Uri("/v2/logs/app/tags/list", UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, allowed.StatusCode);
        }

        using (var forged = host.CreateClient(token[..^4] + "AAAA"))
        {
            using var refused = await forged.GetAsync(new Uri("/v2/logs/app/tags/list", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        await Task.Delay(500);
        var log = host.ReadLog();
        Assert.Contains("Issued a token to admin", log, StringComparison.Ordinal);
        Assert.DoesNotContain(HostProcess.AdminPassword, log, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongPassword, log, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Split('.')[2], log, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Split('.')[1], log, StringComparison.Ordinal);
    }
}
