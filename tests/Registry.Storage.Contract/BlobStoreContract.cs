using Registry.Core;
using Registry.Core.Storage;
using static Registry.Storage.Contract.TestData;

namespace Registry.Storage.Contract;

/// <summary>What every <see cref="IBlobStore"/> must do.</summary>
public abstract class BlobStoreContract : StorageContract
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    /// <summary>
    /// True for a backend that must hand out download URLs. Others may return null (and the registry
    /// then streams), but a URL they do return must meet the same contract.
    /// </summary>
    protected virtual bool SignsDownloadUris => false;

    [Fact]
    public async Task UnknownBlob_StatReadMountUnlink_ReturnNothing()
    {
        var repository = NewRepository();
        var digest = RandomDigest();

        Assert.Null(await Storage.Blobs.StatAsync(repository, digest, None));
        Assert.Null(await Storage.Blobs.OpenReadAsync(repository, digest, 0, 1, None));
        Assert.Null(await Storage.Blobs.MountAsync(repository, NewRepository(), digest, None));
        Assert.False(await Storage.Blobs.UnlinkAsync(repository, digest, None));
    }

    [Fact]
    public async Task FindMissingAsync_MixOfHeldUnlinkedAndUnknown_ReturnsTheMissingInOrder()
    {
        var repository = NewRepository();
        var held = (await PushBlobAsync(repository, RandomBytes(10))).Digest;
        var elsewhere = (await PushBlobAsync(NewRepository(), RandomBytes(11))).Digest;
        var unlinked = (await PushBlobAsync(repository, RandomBytes(12))).Digest;
        await Storage.Blobs.UnlinkAsync(repository, unlinked, None);
        var unknown = RandomDigest();

        var missing = await Storage.Blobs.FindMissingAsync(repository, [unknown, held, elsewhere, unlinked], None);

        Assert.Equal([unknown, elsewhere, unlinked], missing);
        Assert.Empty(await Storage.Blobs.FindMissingAsync(repository, [held], None));
        Assert.Empty(await Storage.Blobs.FindMissingAsync(repository, [], None));
    }

    [Fact]
    public async Task FindMissingAsync_MoreDigestsThanOneQueryHolds_ChecksEveryOne()
    {
        var repository = NewRepository();
        var held = new List<Digest>();
        for (var i = 0; i < 20; i++)
        {
            held.Add((await PushBlobAsync(repository, RandomBytes(20 + i))).Digest);
        }

        var unknown = Enumerable.Range(0, 20).Select(_ => RandomDigest()).ToList();
        List<Digest> asked = [.. held.Zip(unknown).SelectMany(pair => new[] { pair.First, pair.Second })];

        Assert.Equal(unknown, await Storage.Blobs.FindMissingAsync(repository, asked, None));
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(5, 100)]
    [InlineData(999, 1)]
    [InlineData(0, 1000)]
    [InlineData(1000, 0)]
    [InlineData(0, 0)]
    public async Task OpenReadAsync_Range_ReturnsExactlyThoseBytes(int offset, int length)
    {
        var repository = NewRepository();
        var content = RandomBytes(1000);
        var blob = await PushBlobAsync(repository, content);

        var read = await ReadBlobAsync(repository, blob.Digest, offset, length);

        AssertSameBytes(content.AsMemory(offset, length), read);
    }

    [Fact]
    public async Task OpenReadAsync_RangeAcrossBlocksAndSegments_ReturnsThoseBytes()
    {
        var repository = NewRepository();
        var content = RandomBytes((6 * MiB) + 17);
        var blob = await PushBlobAsync(repository, content, 3, (5 * MiB) - 3, MiB + 17);

        var read = await ReadBlobAsync(repository, blob.Digest, (4 * MiB) - 100, MiB + 200);

        AssertSameBytes(content.AsMemory((4 * MiB) - 100, MiB + 200), read);
    }

    [Fact]
    public async Task GetDownloadUriAsync_BlobNotLinkedInRepository_ReturnsNull()
    {
        var holder = NewRepository();
        var blob = await PushBlobAsync(holder, RandomBytes(100));
        var other = NewRepository();

        Assert.Null(await Storage.Blobs.GetDownloadUriAsync(other, blob.Digest, Lifetime, None));
        Assert.Null(await Storage.Blobs.GetDownloadUriAsync(holder, RandomDigest(), Lifetime, None));
        await Storage.Blobs.UnlinkAsync(holder, blob.Digest, None);
        Assert.Null(await Storage.Blobs.GetDownloadUriAsync(holder, blob.Digest, Lifetime, None));
    }

    [Fact]
    public async Task GetDownloadUriAsync_LinkedBlob_AnonymousGetAndRangeServeExactBytes()
    {
        var repository = NewRepository();
        var content = RandomBytes((5 * MiB) + 33);
        var blob = await PushBlobAsync(repository, content, MiB, (4 * MiB) + 33);

        if (await DownloadUriAsync(repository, blob) is not { } uri)
        {
            return;
        }

        // A client with no credentials at all, as a registry client following the redirect is.
        using var http = new HttpClient();
        using (var get = await http.GetAsync(uri))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, get.StatusCode);
            Assert.Equal(content.Length, get.Content.Headers.ContentLength);
            AssertSameBytes(content, await get.Content.ReadAsByteArrayAsync());
        }

        using var ranged = new HttpRequestMessage(HttpMethod.Get, uri);
        ranged.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue((4 * MiB) - 10, (4 * MiB) + 9);
        using var partial = await http.SendAsync(ranged);
        Assert.Equal(System.Net.HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal($"bytes {(4 * MiB) - 10}-{(4 * MiB) + 9}/{content.Length}", partial.Content.Headers.GetValues("Content-Range").Single());
        AssertSameBytes(content.AsMemory((4 * MiB) - 10, 20), await partial.Content.ReadAsByteArrayAsync());

        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, uri));
        Assert.Equal(System.Net.HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(content.Length, head.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task GetDownloadUriAsync_LinkedBlob_UrlIsReadOnly()
    {
        var repository = NewRepository();
        var content = RandomBytes(1000);
        var blob = await PushBlobAsync(repository, content);

        if (await DownloadUriAsync(repository, blob) is not { } uri)
        {
            return;
        }

        using var http = new HttpClient();
        using var put = new HttpRequestMessage(HttpMethod.Put, uri) { Content = new ByteArrayContent(RandomBytes(1000)) };
        put.Headers.Add("x-ms-blob-type", "BlockBlob");
        using (var overwrite = await http.SendAsync(put))
        {
            Assert.False(overwrite.IsSuccessStatusCode, $"PUT to a download URL answered {(int)overwrite.StatusCode}");
        }

        using (var delete = await http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, uri)))
        {
            Assert.False(delete.IsSuccessStatusCode, $"DELETE of a download URL answered {(int)delete.StatusCode}");
        }

        AssertSameBytes(content, await http.GetByteArrayAsync(uri));
        AssertSameBytes(content, await ReadBlobAsync(repository, blob.Digest, 0, content.Length));
    }

    [Fact]
    public async Task GetDownloadUriAsync_LifetimePassed_UrlIsRefused()
    {
        var repository = NewRepository();
        var blob = await PushBlobAsync(repository, RandomBytes(10));

        var uri = await Storage.Blobs.GetDownloadUriAsync(repository, blob.Digest, TimeSpan.FromSeconds(1), None);
        if (uri is null)
        {
            Assert.False(SignsDownloadUris, "this store must sign download URLs");
            return;
        }

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        using var http = new HttpClient();
        using var expired = await http.GetAsync(uri);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, expired.StatusCode);
    }

    [Fact]
    public async Task MountAsync_SourceHoldsBlob_TargetSeesTheSameBytes()
    {
        var source = NewRepository();
        var target = NewRepository();
        var content = RandomBytes(4096);
        var blob = await PushBlobAsync(source, content);

        var mounted = await Storage.Blobs.MountAsync(source, target, blob.Digest, None);

        Assert.Equal(blob, mounted);
        Assert.Equal(blob, await Storage.Blobs.StatAsync(target, blob.Digest, None));
        Assert.Equal(blob, await Storage.Blobs.StatAsync(source, blob.Digest, None));
        AssertSameBytes(content, await ReadBlobAsync(target, blob.Digest, 0, content.Length));
    }

    [Fact]
    public async Task MountAsync_SourceLacksBlob_TargetStillLacksIt()
    {
        var holder = NewRepository();
        var target = NewRepository();
        var blob = await PushBlobAsync(holder, RandomBytes(10));

        Assert.Null(await Storage.Blobs.MountAsync(NewRepository(), target, blob.Digest, None));
        Assert.Null(await Storage.Blobs.StatAsync(target, blob.Digest, None));
    }

    [Fact]
    public async Task UnlinkAsync_LinkedBlob_RemovesItFromThatRepositoryOnly()
    {
        var first = NewRepository();
        var second = NewRepository();
        var content = RandomBytes(500);
        var blob = await PushBlobAsync(first, content);
        await Storage.Blobs.MountAsync(first, second, blob.Digest, None);

        Assert.True(await Storage.Blobs.UnlinkAsync(first, blob.Digest, None));

        Assert.Null(await Storage.Blobs.StatAsync(first, blob.Digest, None));
        Assert.Null(await Storage.Blobs.OpenReadAsync(first, blob.Digest, 0, 500, None));
        Assert.False(await Storage.Blobs.UnlinkAsync(first, blob.Digest, None));
        Assert.Equal(blob, await Storage.Blobs.StatAsync(second, blob.Digest, None));
        AssertSameBytes(content, await ReadBlobAsync(second, blob.Digest, 0, 500));
    }

    [Fact]
    public async Task PublishAsync_AfterUnlink_LinksTheBlobAgain()
    {
        var repository = NewRepository();
        var content = RandomBytes(700);
        var blob = await PushBlobAsync(repository, content);
        await Storage.Blobs.UnlinkAsync(repository, blob.Digest, None);

        var again = await PushBlobAsync(repository, content, 300, 400);

        Assert.Equal(blob, again);
        AssertSameBytes(content, await ReadBlobAsync(repository, blob.Digest, 0, 700));
    }

    /// <summary>The store's download URL for a blob the repository holds: null only from a store that need not sign.</summary>
    private async Task<Uri?> DownloadUriAsync(RepositoryName repository, BlobInfo blob)
    {
        var uri = await Storage.Blobs.GetDownloadUriAsync(repository, blob.Digest, Lifetime, None);
        Assert.True(uri is not null || !SignsDownloadUris, "this store must sign download URLs");
        return uri;
    }
}
