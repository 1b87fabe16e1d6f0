using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Web;

namespace Registry.WebHost.Tests;

/// <summary>
/// The built host on Azurite answers a blob GET with <c>307</c> to a SAS URL of the storage account
/// (the default), or streams it when <c>Registry__Blobs__RedirectDownloads=false</c>: the host reads
/// the setting from its configuration. The SAS signature never reaches the host's log.
/// </summary>
public sealed class BlobRedirectHostTests
{
    [Fact]
    public async Task GetBlob_Default_307ToStorageThatServesTheBytes_SignatureNotLogged()
    {
        await using var host = await HostProcess.StartAsync();
        var (repository, blob, digest) = await PushAsync(host);

        using var client = RegistryClient(host, await host.GetTokenAsync($"repository:{repository}:pull"));
        using var response = await client.GetAsync(new Uri($"/v2/{repository}/blobs/{digest}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal(digest, response.Headers.GetValues("Docker-Content-Digest").Single());
        var location = response.Headers.Location!;
        Assert.True(location.IsAbsoluteUri);
        Assert.NotEqual(host.Authority, location.Authority);
        var signature = HttpUtility.ParseQueryString(location.Query)["sig"];
        Assert.False(string.IsNullOrEmpty(signature));

        using var storage = new HttpClient();
        Assert.Equal(blob, await storage.GetByteArrayAsync(location));

        await Task.Delay(500);
        var log = host.ReadLog();
        Assert.DoesNotContain(signature, log, StringComparison.Ordinal);
        Assert.DoesNotContain(Uri.EscapeDataString(signature), log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetBlob_RedirectDownloadsFalse_200StreamedByTheHost()
    {
        await using var host = await HostProcess.StartAsync(settings: new Dictionary<string, string> { ["Registry__Blobs__RedirectDownloads"] = "false" });
        var (repository, blob, digest) = await PushAsync(host);

        using var client = RegistryClient(host, await host.GetTokenAsync($"repository:{repository}:pull"));
        using var response = await client.GetAsync(new Uri($"/v2/{repository}/blobs/{digest}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal(blob, await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>A client of the host that does not follow redirects, so the test sees the 307 itself.</summary>
    private static HttpClient RegistryClient(HostProcess host, string token)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<(string Repository, byte[] Blob, string Digest)> PushAsync(HostProcess host)
    {
        var repository = $"redirect/{Guid.NewGuid():N}";
        var blob = RandomNumberGenerator.GetBytes(2 * 1024 * 1024 + 3);
        var digest = $"sha256:{Convert.ToHexStringLower(SHA256.HashData(blob))}";
        using var client = host.CreateClient(await host.GetTokenAsync($"repository:{repository}:pull,push"));
        await HostProcess.PushBlobAsync(client, repository, blob, digest);
        return (repository, blob, digest);
    }
}
