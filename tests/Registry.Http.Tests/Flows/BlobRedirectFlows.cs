using System.Net;
using System.Net.Http.Headers;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Registry.Http.Tests.Infrastructure;

namespace Registry.Http.Tests.Flows;

/// <summary>
/// Blob GETs on Azurite with redirects on (the default): <c>307</c> to a read-only SAS URL of the blob
/// on the storage host, with <c>Docker-Content-Digest</c>; the URL serves the bytes (and ranges) to a
/// client without credentials. HEAD and unknown blobs still answer here.
/// </summary>
public sealed class BlobRedirectFlows : FlowTestBase
{
    private readonly string repository = TestContent.UniqueRepository("redirect");
    private readonly byte[] blob = TestContent.RandomBytes((3 * 1024 * 1024) + 7);

    private string Digest => TestContent.DigestOf(blob);

    private string BlobPath => $"/v2/{repository}/blobs/{Digest}";

    [Fact]
    public async Task Get_LinkedBlob_307ToStorageWithDigest()
    {
        await Client.PushBlobAsync(repository, blob);

        using var response = await RawClient.SendAsync(HttpMethod.Get, BlobPath);

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal(Digest, response.Headers.GetValues("Docker-Content-Digest").Single());
        Assert.Equal(0, response.Content.Headers.ContentLength);
        var location = response.Headers.Location;
        Assert.NotNull(location);
        Assert.True(location.IsAbsoluteUri, $"Location {location} is not absolute");
        var storage = Services.GetRequiredService<BlobServiceClient>().Uri;
        Assert.Equal(storage.Authority, location.Authority);
        Assert.NotEqual(RawClient.BaseAddress!.Authority, location.Authority);
        var sas = new BlobUriBuilder(location).Sas;
        Assert.Equal("r", sas.Permissions);
        Assert.InRange(sas.ExpiresOn - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task Get_FollowingTheLocationWithoutCredentials_ExactBytesAndRanges()
    {
        await Client.PushBlobAsync(repository, blob);
        using var redirect = await RawClient.SendAsync(HttpMethod.Get, BlobPath);
        var location = redirect.Headers.Location!;

        using var storage = new HttpClient();
        using (var get = await storage.GetAsync(location))
        {
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            Assert.Equal(blob, await get.Content.ReadAsByteArrayAsync());
        }

        using var ranged = new HttpRequestMessage(HttpMethod.Get, location);
        ranged.Headers.Range = new RangeHeaderValue(1_000_000, 1_000_099);
        using var partial = await storage.SendAsync(ranged);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(new ContentRangeHeaderValue(1_000_000, 1_000_099, blob.Length), partial.Content.Headers.ContentRange);
        Assert.Equal(blob.AsSpan(1_000_000, 100).ToArray(), await partial.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("bytes=1048576-", 1048576, (3 * 1024 * 1024) + 7 - 1048576)]
    [InlineData("bytes=100-199", 100, 100)]
    public async Task Get_RangeStorageTakes_RedirectsAndStorageAnswersTheRange(string range, int offset, int length)
    {
        await Client.PushBlobAsync(repository, blob);
        using var raw = new HttpRequestMessage(HttpMethod.Get, BlobPath);
        raw.Headers.TryAddWithoutValidation("Range", range);
        using (var redirect = await RawClient.SendAsync(raw))
        {
            Assert.Equal(HttpStatusCode.TemporaryRedirect, redirect.StatusCode);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, BlobPath);
        request.Headers.TryAddWithoutValidation("Range", range);
        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(new ContentRangeHeaderValue(offset, offset + length - 1, blob.Length), response.Content.Headers.ContentRange);
        Assert.Equal(blob.AsSpan(offset, length).ToArray(), await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("bytes=-10")]
    [InlineData("bytes=0-1,5-6")]
    [InlineData("items=0-1")]
    public async Task Get_RangeStorageDoesNotTake_AnsweredHere(string range)
    {
        await Client.PushBlobAsync(repository, blob);
        using var request = new HttpRequestMessage(HttpMethod.Get, BlobPath);
        request.Headers.TryAddWithoutValidation("Range", range);

        using var response = await RawClient.SendAsync(request);

        Assert.Null(response.Headers.Location);
        if (range == "bytes=-10")
        {
            Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
            Assert.Equal(blob.AsSpan(blob.Length - 10).ToArray(), await response.Content.ReadAsByteArrayAsync());
        }
        else
        {
            await response.AssertErrorAsync(HttpStatusCode.RequestedRangeNotSatisfiable, "RANGE_INVALID");
        }
    }

    [Fact]
    public async Task Head_LinkedBlob_200HereWithSizeAndDigest()
    {
        await Client.PushBlobAsync(repository, blob);

        using var head = await RawClient.SendAsync(HttpMethod.Head, BlobPath);

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Null(head.Headers.Location);
        Assert.Equal(blob.Length, head.Content.Headers.ContentLength);
        Assert.Equal(Digest, head.Headers.GetValues("Docker-Content-Digest").Single());
    }

    [Fact]
    public async Task Get_BlobOfAnotherRepository_404BlobUnknownWithoutRedirect()
    {
        await Client.PushBlobAsync(repository, blob);

        using var response = await RawClient.SendAsync(HttpMethod.Get, $"/v2/{TestContent.UniqueRepository("stranger")}/blobs/{Digest}");

        Assert.Null(response.Headers.Location);
        await response.AssertErrorAsync(HttpStatusCode.NotFound, "BLOB_UNKNOWN");
    }

    [Fact]
    public async Task Get_AfterDelete_404BlobUnknownWithoutRedirect()
    {
        await Client.PushBlobAsync(repository, blob);
        using var deleted = await RawClient.SendAsync(HttpMethod.Delete, BlobPath);
        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);

        using var response = await RawClient.SendAsync(HttpMethod.Get, BlobPath);

        Assert.Null(response.Headers.Location);
        await response.AssertErrorAsync(HttpStatusCode.NotFound, "BLOB_UNKNOWN");
    }

    [Fact]
    public async Task Get_MountedBlob_RedirectsInTheTargetRepository()
    {
        await Client.PushBlobAsync(repository, blob);
        var target = TestContent.UniqueRepository("mounted");
        using var mount = await RawClient.StartUploadAsync(target, $"?mount={Digest}&from={repository}");
        Assert.Equal(HttpStatusCode.Created, mount.StatusCode);

        using var redirect = await RawClient.SendAsync(HttpMethod.Get, $"/v2/{target}/blobs/{Digest}");
        Assert.Equal(HttpStatusCode.TemporaryRedirect, redirect.StatusCode);
        using var followed = await Client.SendAsync(HttpMethod.Get, $"/v2/{target}/blobs/{Digest}");

        Assert.Equal(HttpStatusCode.OK, followed.StatusCode);
        Assert.Equal(blob, await followed.Content.ReadAsByteArrayAsync());
    }

    protected override void AddStorage(IServiceCollection services) => StorageProfiles.Azurite(services);
}
