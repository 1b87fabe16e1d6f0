using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Registry.EndToEnd.Tests;

/// <summary>
/// The <see cref="StorageGuard"/> the client tests rely on does catch a client that forwards the
/// registry's token to storage: a request to the redirect URL WITH the bearer token is refused and
/// recorded, the same URL without it serves the blob. (Azurite alone would serve both.)
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class StorageGuardTests(RegistryFixture registry)
{
    [Fact]
    public async Task RedirectUrl_WithForwardedBearerToken_RefusedAndRecorded_WithoutIt_Served()
    {
        if (registry.Guard is not { } guard)
        {
            return; // a target registry or remote storage: nothing to guard
        }

        const string repository = "e2e/guard";
        var token = await GetTokenAsync($"repository:{repository}:pull,push");
        var blob = RandomNumberGenerator.GetBytes(100_000);
        var digest = $"sha256:{Convert.ToHexStringLower(SHA256.HashData(blob))}";
        using var registryClient = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://{registry.Registry}") };
        registryClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await HostProcess.PushBlobAsync(registryClient, repository, blob, digest);

        using var redirect = await registryClient.GetAsync(new Uri($"/v2/{repository}/blobs/{digest}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.TemporaryRedirect, redirect.StatusCode);
        var location = redirect.Headers.Location!;
        Assert.Equal(guard.Authority, location.Authority);
        guard.Clear();

        using var storage = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using (var forwarded = new HttpRequestMessage(HttpMethod.Get, location))
        {
            forwarded.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var refused = await storage.SendAsync(forwarded);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        Assert.Equal(blob, await storage.GetByteArrayAsync(location));

        // .NET's HttpClient, following the redirect itself, drops the Authorization header.
        using (var following = new HttpClient { BaseAddress = registryClient.BaseAddress })
        {
            following.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            Assert.Equal(blob, await following.GetByteArrayAsync(new Uri($"/v2/{repository}/blobs/{digest}", UriKind.Relative)));
        }

        Assert.Collection(
            guard.SasRequests,
            first => Assert.Equal("Bearer", first.AuthorizationScheme),
            second => Assert.Null(second.AuthorizationScheme),
            third => Assert.Null(third.AuthorizationScheme));
    }

    /// <summary>A token from the host's realm with the administrator's Basic credentials, as clients get one.</summary>
    private async Task<string> GetTokenAsync(string scope)
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://{registry.Registry}") };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/token?service={HostProcess.Service}&scope={Uri.EscapeDataString(scope)}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{registry.User}:{registry.Password}")));
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("token").GetString()!;
    }
}
