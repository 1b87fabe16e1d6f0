using Registry.Core.Storage;
using static Registry.Storage.Contract.TestData;

namespace Registry.Storage.Contract;

/// <summary>What every <see cref="IBlobStore"/> must do.</summary>
public abstract class BlobStoreContract : StorageContract
{
    private static readonly CancellationToken None = CancellationToken.None;

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
}
