using System.Net;

namespace Registry.Http.Tests.Auth;

/// <summary>Without a trusted front end, forwarded headers cannot move the realm elsewhere.</summary>
public sealed class UntrustedRealmTests : AuthTestBase
{
    [Fact]
    public async Task Challenge_ForwardedHeadersIgnoredByDefault()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/");
        request.Headers.Add("X-Forwarded-Host", "evil.example");

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("realm=\"http://localhost/token\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }
}
