using System.Net;
using System.Net.Http.Headers;
using Registry.Http.Tests.Infrastructure;

namespace Registry.Http.Tests.Flows;

/// <summary>Blob GET/HEAD with ranges, 416 framing, and DELETE.</summary>
public abstract class BlobReadFlows : FlowTestBase
{
    private readonly string repository = TestContent.UniqueRepository("read");
    private readonly byte[] blob = TestContent.RandomBytes(10_000);

    private string BlobPath => $"/v2/{repository}/blobs/{TestContent.DigestOf(blob)}";

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
        using var response = await Client.SendAsync(request);

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
        using var response = await Client.SendAsync(request);

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

public sealed class InMemoryBlobReadFlows : BlobReadFlows
{
    protected override void AddStorage(Microsoft.Extensions.DependencyInjection.IServiceCollection services) => StorageProfiles.InMemory(services);
}

public sealed class AzuriteBlobReadFlows : BlobReadFlows
{
    protected override void AddStorage(Microsoft.Extensions.DependencyInjection.IServiceCollection services) => StorageProfiles.Azurite(services);
}
