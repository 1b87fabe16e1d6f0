using System.Net;
using System.Text.Json;
using Registry.Core;
using Registry.Http.Tests.Infrastructure;

namespace Registry.Http.Tests.Flows;

/// <summary>Tag lists, the catalog and referrers: lexical order, n/last paging and Link headers.</summary>
public abstract class ListingFlows : FlowTestBase
{
    private readonly string repository = TestContent.UniqueRepository("list");

    [Fact]
    public async Task Tags_PagedWithNAndLast_LexicalWithLinkToNextPage()
    {
        var manifest = await PushManifestAsync(repository, "z1");
        foreach (var tag in new[] { "b", "A", "a_2", "a", "1.0" })
        {
            using var put = await Client.PutManifestAsync(repository, tag, manifest, MediaTypes.OciManifest);
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        var (first, link) = await ListAsync($"/v2/{repository}/tags/list?n=3", "tags");
        Assert.Equal(["1.0", "A", "a"], first);
        Assert.Equal($"</v2/{repository}/tags/list?n=3&last=a>; rel=\"next\"", link);

        var (second, lastLink) = await ListAsync($"/v2/{repository}/tags/list?n=3&last=a", "tags");
        Assert.Equal(["a_2", "b", "z1"], second);
        Assert.Null(lastLink);

        var (all, _) = await ListAsync($"/v2/{repository}/tags/list", "tags");
        Assert.Equal(["1.0", "A", "a", "a_2", "b", "z1"], all);

        var (none, _) = await ListAsync($"/v2/{repository}/tags/list?n=0", "tags");
        Assert.Empty(none);
    }

    [Fact]
    public async Task Tags_UnknownRepository_NameUnknown()
    {
        using var response = await Client.SendAsync(HttpMethod.Get, $"/v2/{TestContent.UniqueRepository("nobody")}/tags/list");
        await response.AssertErrorAsync(HttpStatusCode.NotFound, "NAME_UNKNOWN");
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("99999999")]
    public async Task Tags_InvalidN_PaginationNumberInvalid(string n)
    {
        await PushManifestAsync(repository, "x");
        using var response = await Client.SendAsync(HttpMethod.Get, $"/v2/{repository}/tags/list?n={n}");
        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "PAGINATION_NUMBER_INVALID");
    }

    [Fact]
    public async Task Catalog_PagesInPathSegmentOrder()
    {
        var prefix = $"zcat{Guid.NewGuid():N}"[..16];
        foreach (var name in new[] { $"{prefix}/a-b", $"{prefix}/a/b", $"{prefix}/a" })
        {
            await Client.PushBlobAsync(name, TestContent.RandomBytes(10));
        }

        var (page, link) = await ListAsync($"/v2/_catalog?n=2&last={prefix}", "repositories");
        Assert.Equal([$"{prefix}/a", $"{prefix}/a/b"], page);
        Assert.Equal($"</v2/_catalog?n=2&last={Uri.EscapeDataString($"{prefix}/a/b")}>; rel=\"next\"", link);
        var (next, _) = await ListAsync($"/v2/_catalog?n=1&last={Uri.EscapeDataString($"{prefix}/a/b")}", "repositories");
        Assert.Equal([$"{prefix}/a-b"], next);
    }

    [Fact]
    public async Task Referrers_NoneAndFiltered()
    {
        var image = await PushManifestAsync(repository, "v1");
        var imageDigest = TestContent.DigestOf(image);
        using (var empty = await Client.SendAsync(HttpMethod.Get, $"/v2/{repository}/referrers/{imageDigest}"))
        {
            Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
            Assert.Equal(MediaTypes.OciIndex, empty.Content.Headers.ContentType!.MediaType);
            using var json = JsonDocument.Parse(await empty.Content.ReadAsStringAsync());
            Assert.Equal(0, json.RootElement.GetProperty("manifests").GetArrayLength());
            Assert.Equal(2, json.RootElement.GetProperty("schemaVersion").GetInt32());
        }

        var subject = TestContent.Descriptor(MediaTypes.OciManifest, image);
        var signature = await PushManifestAsync(repository, null, $",\"artifactType\":\"application/vnd.example.sig\",\"subject\":{subject}");
        var sbom = await PushManifestAsync(repository, null, $",\"artifactType\":\"application/vnd.example.sbom\",\"subject\":{subject}");

        using (var all = await Client.SendAsync(HttpMethod.Get, $"/v2/{repository}/referrers/{imageDigest}"))
        {
            var digests = Digests(await all.Content.ReadAsStringAsync());
            Assert.Equal(new[] { TestContent.DigestOf(signature), TestContent.DigestOf(sbom) }.Order(), digests.Order());
            Assert.False(all.Headers.Contains("OCI-Filters-Applied"));
        }

        using var filtered = await Client.SendAsync(HttpMethod.Get, $"/v2/{repository}/referrers/{imageDigest}?artifactType=application/vnd.example.sbom");
        Assert.Equal("artifactType", filtered.Headers.GetValues("OCI-Filters-Applied").Single());
        Assert.Equal([TestContent.DigestOf(sbom)], Digests(await filtered.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Referrers_InvalidDigest_DigestInvalid()
    {
        using var response = await Client.SendAsync(HttpMethod.Get, $"/v2/{repository}/referrers/sha256:abc");
        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "DIGEST_INVALID");
    }

    private static string[] Digests(string index)
    {
        using var json = JsonDocument.Parse(index);
        return json.RootElement.GetProperty("manifests").EnumerateArray().Select(m => m.GetProperty("digest").GetString()!).ToArray();
    }

    private async Task<(string[] Items, string? Link)> ListAsync(string path, string property)
    {
        using var response = await Client.SendAsync(HttpMethod.Get, path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var items = json.RootElement.GetProperty(property).EnumerateArray().Select(e => e.GetString()!).ToArray();
        return (items, response.Headers.TryGetValues("Link", out var link) ? link.Single() : null);
    }

    private async Task<byte[]> PushManifestAsync(string name, string? tag, string? extra = null)
    {
        var (config, layer) = (TestContent.RandomBytes(50), TestContent.RandomBytes(50));
        await Client.PushBlobAsync(name, config);
        await Client.PushBlobAsync(name, layer);
        var manifest = TestContent.ImageManifest(config, [layer], extra: extra);
        using var put = await Client.PutManifestAsync(name, tag ?? TestContent.DigestOf(manifest), manifest, MediaTypes.OciManifest);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        return manifest;
    }
}

public sealed class InMemoryListingFlows : ListingFlows
{
    protected override void AddStorage(Microsoft.Extensions.DependencyInjection.IServiceCollection services) => StorageProfiles.InMemory(services);
}

public sealed class AzuriteListingFlows : ListingFlows
{
    protected override void AddStorage(Microsoft.Extensions.DependencyInjection.IServiceCollection services) => StorageProfiles.Azurite(services);
}
