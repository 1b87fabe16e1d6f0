using System.Net;

namespace Registry.Http.Tests.Auth;

/// <summary>Behind a trusted front end the realm follows X-Forwarded-Host/-Proto.</summary>
public sealed class RealmTests : AuthTestBase
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Registry:Auth:TrustForwardedHeaders"] = "true",
    };

    [Fact]
    public async Task Challenge_BehindTrustedFrontEnd_UsesForwardedHostAndScheme()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/");
        request.Headers.Add("X-Forwarded-Host", "myreg.azurewebsites.net");
        request.Headers.Add("X-Forwarded-Proto", "https");

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer realm=\"https://myreg.azurewebsites.net/token\",service=\"myreg.azurewebsites.net\"", response.Headers.WwwAuthenticate.ToString());
    }
}

/// <summary>A configured realm and service (the Azure deployment's) win over the request's host and any forwarded one.</summary>
public sealed class ConfiguredRealmTests : AuthTestBase
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Registry:Auth:Realm"] = "https://myreg.azurewebsites.net/token",
        ["Registry:Auth:Service"] = "myreg.azurewebsites.net",
    };

    [Fact]
    public async Task Challenge_RealmConfigured_UsesItWhateverTheRequestSays()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/");
        request.Headers.Add("X-Forwarded-Host", "attacker.example");

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer realm=\"https://myreg.azurewebsites.net/token\",service=\"myreg.azurewebsites.net\"", response.Headers.WwwAuthenticate.ToString());
    }
}
