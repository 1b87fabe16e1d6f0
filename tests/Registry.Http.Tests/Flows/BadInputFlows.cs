using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Registry.Core;
using Registry.Http.Tests.Infrastructure;

namespace Registry.Http.Tests.Flows;

/// <summary>
/// Every bad input gets a 4xx with the spec code, never a 5xx, and the image stored before
/// still pulls byte-identical afterwards.
/// </summary>
public abstract class BadInputFlows : FlowTestBase
{
    private readonly string repository = TestContent.UniqueRepository("bad");
    private readonly byte[] config = TestContent.RandomBytes(300);
    private readonly byte[] layer = TestContent.RandomBytes(3000);
    private byte[] manifest = [];

    [Theory]
    [InlineData("name-uppercase", 400, "NAME_INVALID")]
    [InlineData("name-too-long", 400, "NAME_INVALID")]
    [InlineData("name-double-dot", 400, "NAME_INVALID")]
    [InlineData("name-dot-segment", 400, "NAME_INVALID")]
    [InlineData("name-encoded-slash", 400, "NAME_INVALID")]
    [InlineData("tag-leading-dash", 400, "TAG_INVALID")]
    [InlineData("tag-too-long", 400, "TAG_INVALID")]
    [InlineData("digest-unknown-algorithm", 400, "DIGEST_INVALID")]
    [InlineData("digest-wrong-length", 400, "DIGEST_INVALID")]
    [InlineData("digest-upper-case", 400, "DIGEST_INVALID")]
    [InlineData("manifest-not-json", 400, "MANIFEST_INVALID")]
    [InlineData("manifest-not-json-over-stored-tag", 400, "MANIFEST_INVALID")]
    [InlineData("manifest-no-media-type", 400, "MANIFEST_INVALID")]
    [InlineData("manifest-wrong-content-type", 400, "MANIFEST_INVALID")]
    [InlineData("manifest-content-type-mismatch", 400, "MANIFEST_INVALID")]
    [InlineData("manifest-too-large", 413, "SIZE_INVALID")]
    [InlineData("manifest-digest-mismatch", 400, "DIGEST_INVALID")]
    [InlineData("manifest-missing-config", 400, "MANIFEST_INVALID")]
    [InlineData("manifest-schema-1", 400, "MANIFEST_INVALID")]
    [InlineData("upload-unknown-id", 404, "BLOB_UPLOAD_UNKNOWN")]
    [InlineData("upload-malformed-id", 404, "BLOB_UPLOAD_UNKNOWN")]
    [InlineData("upload-complete-twice", 404, "BLOB_UPLOAD_UNKNOWN")]
    [InlineData("upload-digest-mismatch", 400, "DIGEST_INVALID")]
    [InlineData("upload-missing-digest", 400, "DIGEST_INVALID")]
    [InlineData("upload-monolithic-digest-mismatch", 400, "DIGEST_INVALID")]
    [InlineData("upload-content-range-length-mismatch", 416, "RANGE_INVALID")]
    [InlineData("upload-content-range-garbage", 416, "RANGE_INVALID")]
    [InlineData("upload-other-repository", 404, "BLOB_UPLOAD_UNKNOWN")]
    [InlineData("mount-invalid-digest", 400, "DIGEST_INVALID")]
    [InlineData("blob-unknown", 404, "BLOB_UNKNOWN")]
    [InlineData("manifest-unknown", 404, "MANIFEST_UNKNOWN")]
    [InlineData("method-not-allowed", 405, "UNSUPPORTED")]
    public async Task BadInput_SpecError_StoredImageUnchanged(string scenario, int status, string code)
    {
        manifest = await PushStoredImageAsync();

        using var response = await SendScenarioAsync(scenario);

        await response.AssertErrorAsync((HttpStatusCode)status, code);
        await AssertStoredImageIntactAsync();
    }

    [Fact]
    public async Task UploadDigestMismatch_BlobNeverVisible()
    {
        var blob = TestContent.RandomBytes(1000);
        var location = await Client.StartUploadLocationAsync(repository);
        using var patched = await Client.PatchAsync(location, blob);
        using var wrong = await Client.CompleteAsync(location, TestContent.DigestOf(TestContent.RandomBytes(5)));
        await wrong.AssertErrorAsync(HttpStatusCode.BadRequest, "DIGEST_INVALID");

        using var head = await Client.SendAsync(HttpMethod.Head, $"/v2/{repository}/blobs/{TestContent.DigestOf(blob)}");
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
    }

    private async Task<HttpResponseMessage> SendScenarioAsync(string scenario)
    {
        var digest = TestContent.DigestOf(layer);
        var valid = TestContent.ImageManifest(config, [layer]);
        return scenario switch
        {
            "name-uppercase" => await Client.SendAsync(HttpMethod.Get, "/v2/Team/App/tags/list"),
            "name-too-long" => await Client.SendAsync(HttpMethod.Get, $"/v2/{new string('a', 256)}/manifests/latest"),
            "name-double-dot" => await Client.SendAsync(HttpMethod.Get, "/v2/team/a..b/manifests/latest"),
            "name-dot-segment" => await Client.SendAsync(HttpMethod.Get, "/v2/team/.hidden/manifests/latest"),
            "name-encoded-slash" => await Client.SendAsync(HttpMethod.Get, "/v2/team%2Fapp/manifests/latest"),
            "tag-leading-dash" => await Client.PutManifestAsync(repository, "-bad", valid, MediaTypes.OciManifest),
            "tag-too-long" => await Client.SendAsync(HttpMethod.Get, $"/v2/{repository}/manifests/{new string('t', 129)}"),
            "digest-unknown-algorithm" => await Client.SendAsync(HttpMethod.Get, $"/v2/{repository}/blobs/md5:{new string('a', 32)}"),
            "digest-wrong-length" => await Client.SendAsync(HttpMethod.Get, $"/v2/{repository}/blobs/sha256:{new string('a', 63)}"),
            "digest-upper-case" => await Client.SendAsync(HttpMethod.Get, $"/v2/{repository}/blobs/{digest.ToUpperInvariant().Replace("SHA256", "sha256", StringComparison.Ordinal)}"),
            "manifest-not-json" => await Client.PutManifestAsync(repository, "other", "not json{"u8.ToArray(), MediaTypes.OciManifest),
            "manifest-not-json-over-stored-tag" => await Client.PutManifestAsync(repository, "stored", "[1,2"u8.ToArray(), MediaTypes.OciManifest),
            "manifest-no-media-type" => await Client.PutManifestAsync(repository, "other", WithoutMediaType(valid), null),
            "manifest-wrong-content-type" => await Client.PutManifestAsync(repository, "other", WithoutMediaType(valid), "text/plain"),
            "manifest-content-type-mismatch" => await Client.PutManifestAsync(repository, "other", valid, MediaTypes.DockerManifest),
            "manifest-too-large" => await Client.PutManifestAsync(repository, "other", TooLarge(valid), MediaTypes.OciManifest),
            "manifest-digest-mismatch" => await Client.PutManifestAsync(repository, TestContent.DigestOf([1]), valid, MediaTypes.OciManifest),
            "manifest-missing-config" => await Client.PutManifestAsync(repository, "other", """{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","layers":[]}"""u8.ToArray(), MediaTypes.OciManifest),
            "manifest-schema-1" => await Client.PutManifestAsync(repository, "other", """{"schemaVersion":1,"name":"x","tag":"y","fsLayers":[]}"""u8.ToArray(), "application/vnd.docker.distribution.manifest.v1+prettyjws"),
            "upload-unknown-id" => await Client.PatchAsync($"/v2/{repository}/blobs/uploads/{Guid.NewGuid():N}", [1, 2, 3]),
            "upload-malformed-id" => await Client.PatchAsync($"/v2/{repository}/blobs/uploads/not-an-id", [1, 2, 3]),
            "upload-complete-twice" => await CompleteTwiceAsync(),
            "upload-digest-mismatch" => await UploadWithWrongDigestAsync(),
            "upload-missing-digest" => await Client.SendAsync(HttpMethod.Put, await Client.StartUploadLocationAsync(repository)),
            "upload-monolithic-digest-mismatch" => await MonolithicWithWrongDigestAsync(),
            "upload-content-range-length-mismatch" => await Client.PatchAsync(await Client.StartUploadLocationAsync(repository), [1, 2, 3], contentRange: "0-9"),
            "upload-content-range-garbage" => await Client.PatchAsync(await Client.StartUploadLocationAsync(repository), [1, 2, 3], contentRange: "three bytes"),
            "upload-other-repository" => await Client.PatchAsync(
                (await Client.StartUploadLocationAsync(repository)).Replace(repository, TestContent.UniqueRepository("thief"), StringComparison.Ordinal), [1]),
            "mount-invalid-digest" => await Client.StartUploadAsync(repository, $"?mount=sha256:xyz&from={repository}"),
            "blob-unknown" => await Client.SendAsync(HttpMethod.Get, $"/v2/{repository}/blobs/{TestContent.DigestOf([9, 9])}"),
            "manifest-unknown" => await Client.SendAsync(HttpMethod.Get, $"/v2/{repository}/manifests/nope"),
            "method-not-allowed" => await Client.SendAsync(HttpMethod.Post, $"/v2/{repository}/manifests/stored"),
            _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, null),
        };
    }

    private async Task<HttpResponseMessage> CompleteTwiceAsync()
    {
        var blob = TestContent.RandomBytes(100);
        var location = await Client.StartUploadLocationAsync(repository);
        using var first = await Client.CompleteAsync(location, TestContent.DigestOf(blob), blob);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        return await Client.CompleteAsync(location, TestContent.DigestOf(blob), blob);
    }

    private async Task<HttpResponseMessage> UploadWithWrongDigestAsync()
    {
        var location = await Client.StartUploadLocationAsync(repository);
        using var patched = await Client.PatchAsync(location, TestContent.RandomBytes(100));
        return await Client.CompleteAsync(location, TestContent.DigestOf(layer));
    }

    private async Task<HttpResponseMessage> MonolithicWithWrongDigestAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v2/{repository}/blobs/uploads/?digest={TestContent.DigestOf(config)}")
        {
            Content = new ByteArrayContent(TestContent.RandomBytes(300)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return await Client.SendAsync(request);
    }

    private static byte[] WithoutMediaType(byte[] manifest) =>
        Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(manifest).Replace($"\"mediaType\":\"{MediaTypes.OciManifest}\",", string.Empty, StringComparison.Ordinal));

    private static byte[] TooLarge(byte[] manifest)
    {
        var text = Encoding.UTF8.GetString(manifest);
        return Encoding.UTF8.GetBytes(text[..^1] + ",\"annotations\":{\"pad\":\"" + new string('x', 4 * 1024 * 1024) + "\"}}");
    }

    private async Task<byte[]> PushStoredImageAsync()
    {
        await Client.PushBlobAsync(repository, config);
        await Client.PushBlobAsync(repository, layer);
        var stored = TestContent.ImageManifest(config, [layer]);
        using var put = await Client.PutManifestAsync(repository, "stored", stored, MediaTypes.OciManifest);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        return stored;
    }

    private async Task AssertStoredImageIntactAsync()
    {
        using var get = await Client.SendAsync(HttpMethod.Get, $"/v2/{repository}/manifests/stored");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(manifest, await get.Content.ReadAsByteArrayAsync());
        foreach (var blob in new[] { config, layer })
        {
            using var pulled = await Client.SendAsync(HttpMethod.Get, $"/v2/{repository}/blobs/{TestContent.DigestOf(blob)}");
            Assert.Equal(HttpStatusCode.OK, pulled.StatusCode);
            Assert.Equal(blob, await pulled.Content.ReadAsByteArrayAsync());
        }
    }
}

public sealed class InMemoryBadInputFlows : BadInputFlows
{
    protected override void AddStorage(Microsoft.Extensions.DependencyInjection.IServiceCollection services) => StorageProfiles.InMemory(services);
}

public sealed class AzuriteBadInputFlows : BadInputFlows
{
    protected override void AddStorage(Microsoft.Extensions.DependencyInjection.IServiceCollection services) => StorageProfiles.Azurite(services);
}
