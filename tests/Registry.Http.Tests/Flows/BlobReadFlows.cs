using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Registry.Http.Handlers;
using Registry.Http.Tests.Infrastructure;

namespace Registry.Http.Tests.Flows;

/// <summary>
/// Blob GET/HEAD streamed through the registry, with ranges and 416 framing, and DELETE: what
/// every GET does when redirects are off, or when the store cannot sign a download URL (in-memory).
/// Redirects to storage: <see cref="BlobRedirectFlows"/>.
/// </summary>
public abstract class BlobReadFlows : FlowTestBase
{
    private readonly string repository = TestContent.UniqueRepository("read");
    private readonly byte[] blob = TestContent.RandomBytes(10_000);

    private string BlobPath => $"/v2/{repository}/blobs/{TestContent.DigestOf(blob)}";

    [Fact]
    public async Task Get_Blob_200StreamedByTheRegistry()
    {
        await Client.PushBlobAsync(repository, blob);
        using var response = await RawClient.SendAsync(HttpMethod.Get, BlobPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal(TestContent.DigestOf(blob), response.Headers.GetValues("Docker-Content-Digest").Single());
        Assert.Equal("bytes", response.Headers.AcceptRanges.Single());
        Assert.Equal(blob, await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("bytes=0-99", 0, 100)]
    [InlineData("bytes=9990-", 9990, 10)]
    [InlineData("bytes=-10", 9990, 10)]
    [InlineData("bytes=5000-20000", 5000, 5000)]
    public async Task Get_WithRange_206AndExactBytes(string range, int offset, int length)
    {
        await Client.PushBlobAsync(repository, blob);
        using var request = new HttpRequestMessage(HttpMethod.Get, BlobPath);
        request.Headers.TryAddWithoutValidation("Range", range);
        using var response = await RawClient.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(new ContentRangeHeaderValue(offset, offset + length - 1, blob.Length), response.Content.Headers.ContentRange);
        Assert.Equal(blob.AsSpan(offset, length).ToArray(), await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("bytes=10000-")]
    [InlineData("bytes=20000-30000")]
    [InlineData("bytes=5-2")]
    [InlineData("items=0-1")]
    public async Task Get_UnsatisfiableRange_416WithSizeAndFramedBody(string range)
    {
        await Client.PushBlobAsync(repository, blob);
        using var request = new HttpRequestMessage(HttpMethod.Get, BlobPath);
        request.Headers.TryAddWithoutValidation("Range", range);
        using var response = await RawClient.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
        Assert.Equal($"bytes */{blob.Length}", response.Content.Headers.GetValues("Content-Range").Single());
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        await response.AssertErrorAsync(HttpStatusCode.RequestedRangeNotSatisfiable, "RANGE_INVALID");
    }

    [Fact]
    public async Task Delete_Unlinks_ThenUnknownButOtherRepositoryKeepsIt()
    {
        var other = TestContent.UniqueRepository("keep");
        await Client.PushBlobAsync(repository, blob);
        await Client.PushBlobAsync(other, blob);

        using var deleted = await Client.SendAsync(HttpMethod.Delete, BlobPath);
        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        using var gone = await Client.SendAsync(HttpMethod.Get, BlobPath);
        await gone.AssertErrorAsync(HttpStatusCode.NotFound, "BLOB_UNKNOWN");
        using var again = await Client.SendAsync(HttpMethod.Delete, BlobPath);
        await again.AssertErrorAsync(HttpStatusCode.NotFound, "BLOB_UNKNOWN");

        using var kept = await Client.SendAsync(HttpMethod.Get, $"/v2/{other}/blobs/{TestContent.DigestOf(blob)}");
        Assert.Equal(blob, await kept.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Blob_PushedToOneRepository_IsUnknownInAnother()
    {
        await Client.PushBlobAsync(repository, blob);
        using var head = await Client.SendAsync(HttpMethod.Head, $"/v2/{TestContent.UniqueRepository("stranger")}/blobs/{TestContent.DigestOf(blob)}");
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
    }
}

/// <summary>In memory with redirects on (the default): the store cannot sign a URL, so the registry streams.</summary>
public sealed class InMemoryBlobReadFlows : BlobReadFlows
{
    protected override void AddStorage(IServiceCollection services) => StorageProfiles.InMemory(services);
}

/// <summary>On Azurite with <c>Registry:Blobs:RedirectDownloads</c> off: the bytes stream through the registry as before.</summary>
public sealed class AzuriteBlobReadFlows : BlobReadFlows
{
    protected override void AddStorage(IServiceCollection services)
    {
        StorageProfiles.Azurite(services);
        services.Configure<BlobDownloadOptions>(options => options.RedirectDownloads = false);
    }
}
