using System.Net;
using Registry.Http.Tests.Infrastructure;

namespace Registry.Http.Tests.Flows;

/// <summary>Blob uploads replayed the way each real client sends them (see platform-notes' table).</summary>
public abstract class BlobUploadFlows : FlowTestBase
{
    private readonly string repository = TestContent.UniqueRepository("flow");

    [Fact]
    public async Task Skopeo_PostPatchWithLengthPutWithoutBody_Creates()
    {
        var blob = TestContent.RandomBytes(300_000);
        using var started = await Client.StartUploadAsync(repository);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal("0-0", started.Headers.GetValues("Range").Single());
        Assert.NotEmpty(started.Headers.GetValues("Docker-Upload-UUID").Single());
        Assert.NotEmpty(started.Headers.GetValues("OCI-Chunk-Min-Length").Single());

        using var patched = await Client.PatchAsync(started.Headers.Location!.OriginalString, blob);
        Assert.Equal(HttpStatusCode.Accepted, patched.StatusCode);
        Assert.Equal($"0-{blob.Length - 1}", patched.Headers.GetValues("Range").Single());

        using var completed = await Client.CompleteAsync(patched.Headers.Location!.OriginalString, TestContent.DigestOf(blob));
        Assert.Equal(HttpStatusCode.Created, completed.StatusCode);
        Assert.Equal($"/v2/{repository}/blobs/{TestContent.DigestOf(blob)}", completed.Headers.Location!.OriginalString);
        Assert.Equal(TestContent.DigestOf(blob), completed.Headers.GetValues("Docker-Content-Digest").Single());
        await AssertBlobAsync(blob);
    }

    [Fact]
    public async Task Docker_PatchChunkedTransferEncoding_Creates()
    {
        var blob = TestContent.RandomBytes(5 * 1024 * 1024 + 17);
        var location = await Client.StartUploadLocationAsync(repository);
        using var patched = await Client.PatchAsync(location, blob, chunked: true);
        Assert.Equal(HttpStatusCode.Accepted, patched.StatusCode);
        using var completed = await Client.CompleteAsync(patched.Headers.Location!.OriginalString, TestContent.DigestOf(blob));
        Assert.Equal(HttpStatusCode.Created, completed.StatusCode);
        await AssertBlobAsync(blob);
    }

    [Fact]
    public async Task Containerd_MonolithicPutWithBody_CreatesWithDigestHeader()
    {
        var blob = TestContent.RandomBytes(70_000);
        var location = await Client.StartUploadLocationAsync(repository);
        using var completed = await Client.CompleteAsync(location, TestContent.DigestOf(blob), blob);
        Assert.Equal(HttpStatusCode.Created, completed.StatusCode);
        Assert.Equal(TestContent.DigestOf(blob), completed.Headers.GetValues("Docker-Content-Digest").Single());
        await AssertBlobAsync(blob);
    }

    [Fact]
    public async Task MonolithicPost_WithDigest_Creates()
    {
        var blob = TestContent.RandomBytes(1234);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v2/{repository}/blobs/uploads/?digest={TestContent.DigestOf(blob)}")
        {
            Content = new ByteArrayContent(blob),
        };
        using var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await AssertBlobAsync(blob);
    }

    [Fact]
    public async Task DotnetSdk_MountMissThenForcedChunkPatchesWithoutContentRange_Creates()
    {
        var blob = TestContent.RandomBytes(200_000);
        using var miss = await Client.StartUploadAsync(repository, $"?mount={TestContent.DigestOf(blob)}&from=other/place");
        Assert.Equal(HttpStatusCode.Accepted, miss.StatusCode);
        var location = miss.Headers.Location!.OriginalString;
        foreach (var chunk in blob.Chunk(64 * 1024))
        {
            using var patched = await Client.PatchAsync(location, chunk);
            Assert.Equal(HttpStatusCode.Accepted, patched.StatusCode);
            location = patched.Headers.Location!.OriginalString;
        }

        using var completed = await Client.CompleteAsync(location, TestContent.DigestOf(blob));
        Assert.Equal(HttpStatusCode.Created, completed.StatusCode);
        await AssertBlobAsync(blob);
    }

    [Fact]
    public async Task Mount_FromRepositoryHoldingBlob_Returns201AndLinks()
    {
        var blob = TestContent.RandomBytes(4096);
        var source = TestContent.UniqueRepository("source");
        await Client.PushBlobAsync(source, blob);

        using var mounted = await Client.StartUploadAsync(repository, $"?mount={TestContent.DigestOf(blob)}&from={source}");
        Assert.Equal(HttpStatusCode.Created, mounted.StatusCode);
        Assert.Equal($"/v2/{repository}/blobs/{TestContent.DigestOf(blob)}", mounted.Headers.Location!.OriginalString);
        Assert.Equal(TestContent.DigestOf(blob), mounted.Headers.GetValues("Docker-Content-Digest").Single());
        await AssertBlobAsync(blob);
    }

    [Fact]
    public async Task ChunkedWithContentRange_InOrder_CreatesAndStatusReportsRange()
    {
        var blob = TestContent.RandomBytes(150_000);
        var location = await Client.StartUploadLocationAsync(repository);
        using (var first = await Client.PatchAsync(location, blob[..100_000], contentRange: "0-99999"))
        {
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
            location = first.Headers.Location!.OriginalString;
        }

        using (var status = await Client.SendAsync(HttpMethod.Get, location))
        {
            Assert.Equal(HttpStatusCode.NoContent, status.StatusCode);
            Assert.Equal("0-99999", status.Headers.GetValues("Range").Single());
        }

        using (var second = await Client.PatchAsync(location, blob[100_000..], contentRange: "100000-149999"))
        {
            Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        }

        using var completed = await Client.CompleteAsync(location, TestContent.DigestOf(blob));
        Assert.Equal(HttpStatusCode.Created, completed.StatusCode);
        await AssertBlobAsync(blob);
    }

    [Theory]
    [InlineData("50000-59999")]
    [InlineData("0-9999")]
    [InlineData("5-10004")]
    public async Task Patch_OutOfOrderOrOverlapping_416WithCurrentRange(string contentRange)
    {
        var blob = TestContent.RandomBytes(20_000);
        var location = await Client.StartUploadLocationAsync(repository);
        using (var first = await Client.PatchAsync(location, blob[..10_000], contentRange: "0-9999"))
        {
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        }

        using var rejected = await Client.PatchAsync(location, blob[10_000..], contentRange: contentRange);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, rejected.StatusCode);
        Assert.Equal("0-9999", rejected.Headers.GetValues("Range").Single());
        await rejected.AssertErrorAsync(HttpStatusCode.RequestedRangeNotSatisfiable, "RANGE_INVALID");

        using var resumed = await Client.PatchAsync(location, blob[10_000..], contentRange: "10000-19999");
        Assert.Equal(HttpStatusCode.Accepted, resumed.StatusCode);
        using var completed = await Client.CompleteAsync(location, TestContent.DigestOf(blob));
        Assert.Equal(HttpStatusCode.Created, completed.StatusCode);
        await AssertBlobAsync(blob);
    }

    [Fact]
    public async Task LenientQuery_AmpersandBeforeDigest_Creates()
    {
        var blob = TestContent.RandomBytes(999);
        var location = await Client.StartUploadLocationAsync(repository);
        using var patched = await Client.PatchAsync(location, blob);
        using var request = new HttpRequestMessage(HttpMethod.Put, $"{location}?&digest={TestContent.DigestOf(blob)}");
        using var completed = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, completed.StatusCode);
        await AssertBlobAsync(blob);
    }

    [Fact]
    public async Task Cancel_ThenUploadIsUnknown()
    {
        var location = await Client.StartUploadLocationAsync(repository);
        using var cancelled = await Client.SendAsync(HttpMethod.Delete, location);
        Assert.Equal(HttpStatusCode.NoContent, cancelled.StatusCode);
        using var status = await Client.SendAsync(HttpMethod.Get, location);
        await status.AssertErrorAsync(HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
    }

    [Fact]
    public async Task EmptyBlob_CompletesWithEmptyDigest()
    {
        var location = await Client.StartUploadLocationAsync(repository);
        using var completed = await Client.CompleteAsync(location, TestContent.DigestOf([]));
        Assert.Equal(HttpStatusCode.Created, completed.StatusCode);
        await AssertBlobAsync([]);
    }

    private async Task AssertBlobAsync(byte[] blob)
    {
        var path = $"/v2/{repository}/blobs/{TestContent.DigestOf(blob)}";
        using var head = await Client.SendAsync(HttpMethod.Head, path);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(blob.Length, head.Content.Headers.ContentLength);
        Assert.Equal(TestContent.DigestOf(blob), head.Headers.GetValues("Docker-Content-Digest").Single());

        using var get = await Client.SendAsync(HttpMethod.Get, path);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(blob, await get.Content.ReadAsByteArrayAsync());
    }
}

public sealed class InMemoryBlobUploadFlows : BlobUploadFlows
{
    protected override void AddStorage(Microsoft.Extensions.DependencyInjection.IServiceCollection services) => StorageProfiles.InMemory(services);
}

public sealed class AzuriteBlobUploadFlows : BlobUploadFlows
{
    protected override void AddStorage(Microsoft.Extensions.DependencyInjection.IServiceCollection services) => StorageProfiles.Azurite(services);
}
