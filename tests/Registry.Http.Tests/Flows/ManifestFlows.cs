using System.Net;
using System.Text;
using Registry.Core;
using Registry.Http.Tests.Infrastructure;

namespace Registry.Http.Tests.Flows;

/// <summary>Manifest PUT/GET/HEAD/DELETE for every supported kind.</summary>
public abstract class ManifestFlows : FlowTestBase
{
    private readonly string repository = TestContent.UniqueRepository("manifest");

    [Theory]
    [InlineData(MediaTypes.OciManifest)]
    [InlineData(MediaTypes.DockerManifest)]
    public async Task ImageManifest_PutByTag_GetByTagAndDigestReturnExactBytes(string mediaType)
    {
        var manifest = await PushImageAsync("v1", mediaType);
        var digest = TestContent.DigestOf(manifest);

        foreach (var reference in new[] { "v1", digest })
        {
            using var get = await Client.SendAsync(HttpMethod.Get, $"/v2/{repository}/manifests/{reference}", mediaType);
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            Assert.Equal(mediaType, get.Content.Headers.ContentType!.MediaType);
            Assert.Equal(digest, get.Headers.GetValues("Docker-Content-Digest").Single());
            Assert.Equal(manifest, await get.Content.ReadAsByteArrayAsync());

            using var head = await Client.SendAsync(HttpMethod.Head, $"/v2/{repository}/manifests/{reference}");
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Equal(manifest.Length, head.Content.Headers.ContentLength);
            Assert.Equal(digest, head.Headers.GetValues("Docker-Content-Digest").Single());
        }
    }

    [Fact]
    public async Task Manifest_PutByDigest_Created()
    {
        var (config, layer) = (TestContent.RandomBytes(100), TestContent.RandomBytes(1000));
        await Client.PushBlobAsync(repository, config);
        await Client.PushBlobAsync(repository, layer);
        var manifest = TestContent.ImageManifest(config, [layer]);

        using var put = await Client.PutManifestAsync(repository, TestContent.DigestOf(manifest), manifest, MediaTypes.OciManifest);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal($"/v2/{repository}/manifests/{TestContent.DigestOf(manifest)}", put.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Manifest_WithWhitespaceAndKeyOrder_ServedByteForByte()
    {
        var (config, layer) = (TestContent.RandomBytes(100), TestContent.RandomBytes(1000));
        await Client.PushBlobAsync(repository, config);
        await Client.PushBlobAsync(repository, layer);
        var text = Encoding.UTF8.GetString(TestContent.ImageManifest(config, [layer]));
        var manifest = Encoding.UTF8.GetBytes("{\n   \"zzz\": 1,\n" + text[1..].Replace(",", " ,\n\t", StringComparison.Ordinal));

        using var put = await Client.PutManifestAsync(repository, "pretty", manifest, MediaTypes.OciManifest);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        using var get = await Client.SendAsync(HttpMethod.Get, $"/v2/{repository}/manifests/pretty");
        Assert.Equal(manifest, await get.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData(MediaTypes.OciIndex)]
    [InlineData(MediaTypes.DockerManifestList)]
    public async Task Index_WithChildrenPresent_Created(string mediaType)
    {
        var childType = mediaType == MediaTypes.OciIndex ? MediaTypes.OciManifest : MediaTypes.DockerManifest;
        var amd64 = await PushImageAsync(null, childType);
        var arm64 = await PushImageAsync(null, childType);
        var index = TestContent.Index([(TestContent.DigestOf(amd64), amd64.Length), (TestContent.DigestOf(arm64), arm64.Length)], mediaType);

        using var put = await Client.PutManifestAsync(repository, "multi", index, mediaType);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        using var get = await Client.SendAsync(HttpMethod.Get, $"/v2/{repository}/manifests/multi");
        Assert.Equal(index, await get.Content.ReadAsByteArrayAsync());
        Assert.Equal(mediaType, get.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Index_WithUnknownChild_ManifestBlobUnknown()
    {
        var index = TestContent.Index([(TestContent.DigestOf([1, 2, 3]), 3)]);
        using var put = await Client.PutManifestAsync(repository, "multi", index, MediaTypes.OciIndex);
        await put.AssertErrorAsync(HttpStatusCode.BadRequest, "MANIFEST_BLOB_UNKNOWN");
    }

    [Fact]
    public async Task Manifest_WithUnknownLayer_ManifestBlobUnknownAndNothingStored()
    {
        var config = TestContent.RandomBytes(100);
        await Client.PushBlobAsync(repository, config);
        var manifest = TestContent.ImageManifest(config, [TestContent.RandomBytes(10)]);

        using var put = await Client.PutManifestAsync(repository, "broken", manifest, MediaTypes.OciManifest);
        await put.AssertErrorAsync(HttpStatusCode.BadRequest, "MANIFEST_BLOB_UNKNOWN");
        using var get = await Client.SendAsync(HttpMethod.Get, $"/v2/{repository}/manifests/{TestContent.DigestOf(manifest)}");
        await get.AssertErrorAsync(HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
    }

    [Fact]
    public async Task Artifact_WithSubject_OciSubjectHeaderAndListedAsReferrer()
    {
        var image = await PushImageAsync("v1", MediaTypes.OciManifest);
        var empty = "{}"u8.ToArray();
        var sbom = TestContent.RandomBytes(500);
        await Client.PushBlobAsync(repository, empty);
        await Client.PushBlobAsync(repository, sbom);
        var subject = TestContent.Descriptor(MediaTypes.OciManifest, image);
        var artifact = TestContent.ImageManifest(empty, [sbom], extra:
            $",\"artifactType\":\"application/vnd.example.sbom\",\"subject\":{subject},\"annotations\":{{\"org.example\":\"yes\"}}");
        artifact = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(artifact)
            .Replace("application/vnd.oci.image.config.v1+json", MediaTypes.OciEmpty, StringComparison.Ordinal));

        using var put = await Client.PutManifestAsync(repository, TestContent.DigestOf(artifact), artifact, MediaTypes.OciManifest);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(TestContent.DigestOf(image), put.Headers.GetValues("OCI-Subject").Single());

        using var referrers = await Client.SendAsync(HttpMethod.Get, $"/v2/{repository}/referrers/{TestContent.DigestOf(image)}");
        var body = await referrers.Content.ReadAsStringAsync();
        Assert.Contains(TestContent.DigestOf(artifact), body, StringComparison.Ordinal);
        Assert.Contains("application/vnd.example.sbom", body, StringComparison.Ordinal);
        Assert.Contains("org.example", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_ByTag_RemovesTagOnly_ByDigest_RemovesManifestAndItsTags()
    {
        var manifest = await PushImageAsync("a", MediaTypes.OciManifest);
        using (var again = await Client.PutManifestAsync(repository, "b", manifest, MediaTypes.OciManifest))
        {
            Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        }

        var digest = TestContent.DigestOf(manifest);
        using (var deleteTag = await Client.SendAsync(HttpMethod.Delete, $"/v2/{repository}/manifests/a"))
        {
            Assert.Equal(HttpStatusCode.Accepted, deleteTag.StatusCode);
        }

        using (var byDigest = await Client.SendAsync(HttpMethod.Get, $"/v2/{repository}/manifests/{digest}"))
        {
            Assert.Equal(HttpStatusCode.OK, byDigest.StatusCode);
        }

        using (var deleteDigest = await Client.SendAsync(HttpMethod.Delete, $"/v2/{repository}/manifests/{digest}"))
        {
            Assert.Equal(HttpStatusCode.Accepted, deleteDigest.StatusCode);
        }

        foreach (var reference in new[] { "a", "b", digest })
        {
            using var get = await Client.SendAsync(HttpMethod.Get, $"/v2/{repository}/manifests/{reference}");
            await get.AssertErrorAsync(HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        }

        using var deleteAgain = await Client.SendAsync(HttpMethod.Delete, $"/v2/{repository}/manifests/{digest}");
        await deleteAgain.AssertErrorAsync(HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
    }

    /// <summary>Pushes a config and a layer, then the manifest (by tag when given, else by digest).</summary>
    protected async Task<byte[]> PushImageAsync(string? tag, string mediaType)
    {
        var (config, layer) = (TestContent.RandomBytes(200), TestContent.RandomBytes(2000));
        await Client.PushBlobAsync(repository, config);
        await Client.PushBlobAsync(repository, layer);
        var manifest = TestContent.ImageManifest(config, [layer], mediaType);
        using var put = await Client.PutManifestAsync(repository, tag ?? TestContent.DigestOf(manifest), manifest, mediaType);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(TestContent.DigestOf(manifest), put.Headers.GetValues("Docker-Content-Digest").Single());
        return manifest;
    }
}

public sealed class InMemoryManifestFlows : ManifestFlows
{
    protected override void AddStorage(Microsoft.Extensions.DependencyInjection.IServiceCollection services) => StorageProfiles.InMemory(services);
}

public sealed class AzuriteManifestFlows : ManifestFlows
{
    protected override void AddStorage(Microsoft.Extensions.DependencyInjection.IServiceCollection services) => StorageProfiles.Azurite(services);
}
