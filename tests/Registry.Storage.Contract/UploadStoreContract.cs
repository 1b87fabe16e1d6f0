using Registry.Core;
using Registry.Core.Storage;
using static Registry.Storage.Contract.TestData;

namespace Registry.Storage.Contract;

/// <summary>What every <see cref="IUploadStore"/> must do.</summary>
public abstract class UploadStoreContract : StorageContract
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task CreateAsync_NewRepository_StartsAnEmptySessionThatGetFinds()
    {
        var repository = NewRepository();
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);

        var session = await Storage.Uploads.CreateAsync(repository, None);
        var found = await Storage.Uploads.GetAsync(repository, session.Id, None);

        Assert.Equal(repository, session.Repository);
        Assert.Equal(0, session.Offset);
        Assert.Empty(session.Segments);
        Assert.Null(session.HashState);
        Assert.False(string.IsNullOrEmpty(session.Version));
        Assert.InRange(session.StartedAt, before, DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.NotNull(found);
        Assert.Equal(session.Id, found.Id);
        Assert.Equal(repository, found.Repository);
        Assert.Equal(0, found.Offset);
        Assert.Empty(found.Segments);
        Assert.Null(found.HashState);
        Assert.Equal(session.Version, found.Version);
        Assert.Equal(session.StartedAt.ToUnixTimeMilliseconds(), found.StartedAt.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task GetAsync_OtherRepository_ReturnsNull()
    {
        var session = await Storage.Uploads.CreateAsync(NewRepository(), None);

        Assert.Null(await Storage.Uploads.GetAsync(NewRepository(), session.Id, None));
    }

    [Fact]
    public async Task GetAsync_UnknownId_ReturnsNull()
    {
        Assert.Null(await Storage.Uploads.GetAsync(NewRepository(), UploadId.New(), None));
    }

    [Fact]
    public async Task SaveAsync_StagedSegment_IsRecordedWithANewVersion()
    {
        var repository = NewRepository();
        var session = await Storage.Uploads.CreateAsync(repository, None);
        var content = RandomBytes(1000);
        using var body = new TrickleStream(content);
        var segment = await Storage.Uploads.StageAsync(session, body, None);

        var state = RandomBytes(100);
        var saved = await Storage.Uploads.SaveAsync(session with { Offset = 1000, Segments = [segment], HashState = state }, None);
        var found = await Storage.Uploads.GetAsync(repository, session.Id, None);

        Assert.Equal(1000, segment.Length);
        Assert.NotNull(saved);
        Assert.NotEqual(session.Version, saved.Version);
        Assert.NotNull(found);
        Assert.Equal(saved.Version, found.Version);
        Assert.Equal(1000, found.Offset);
        Assert.Equal([segment], found.Segments);
        Assert.Equal(state, found.HashState);
    }

    [Fact]
    public async Task SaveAsync_StaleVersion_ReturnsNullAndKeepsTheWinner()
    {
        var repository = NewRepository();
        var session = await Storage.Uploads.CreateAsync(repository, None);
        var first = await Storage.Uploads.StageAsync(session, new TrickleStream(RandomBytes(10)), None);
        var second = await Storage.Uploads.StageAsync(session, new TrickleStream(RandomBytes(20)), None);

        var winner = await Storage.Uploads.SaveAsync(session with { Offset = 10, Segments = [first] }, None);
        var loser = await Storage.Uploads.SaveAsync(session with { Offset = 20, Segments = [second] }, None);
        var found = await Storage.Uploads.GetAsync(repository, session.Id, None);

        Assert.NotNull(winner);
        Assert.Null(loser);
        Assert.Equal(10, found!.Offset);
        Assert.Equal([first], found.Segments);
    }

    [Fact]
    public async Task SaveAsync_EndedSession_ReturnsNull()
    {
        var session = await Storage.Uploads.CreateAsync(NewRepository(), None);
        await Storage.Uploads.DeleteAsync(session, None);

        Assert.Null(await Storage.Uploads.SaveAsync(session with { Offset = 0 }, None));
    }

    [Fact]
    public async Task StageAsync_EmptyBody_StagesNothing()
    {
        var session = await Storage.Uploads.CreateAsync(NewRepository(), None);

        var segment = await Storage.Uploads.StageAsync(session, new TrickleStream(Array.Empty<byte>()), None);

        Assert.Equal(0, segment.Length);
    }

    [Fact]
    public async Task PublishAsync_BodyOfManyBlocks_KeepsEveryByteInOrder()
    {
        // More blocks than a backend may stage at once (the Azure store keeps three in flight).
        var repository = NewRepository();
        var content = RandomBytes((21 * MiB) + 123);

        var blob = await PushBlobAsync(repository, content);

        Assert.Equal(content.Length, blob.Size);
        AssertSameBytes(content, await ReadBlobAsync(repository, blob.Digest, 0, content.Length));
    }

    [Fact]
    public async Task SaveAsync_HashStateOfEveryLength_IsKeptByteForByte()
    {
        var repository = NewRepository();
        var session = await Storage.Uploads.CreateAsync(repository, None);
        foreach (var length in (int[])[45, 77, 108])
        {
            var state = RandomBytes(length);
            session = (await Storage.Uploads.SaveAsync(session with { HashState = state }, None))!;

            Assert.Equal(state, (await Storage.Uploads.GetAsync(repository, session.Id, None))!.HashState);
        }
    }

    [Fact]
    public async Task PublishAsync_SeveralSegmentsAndAnUnrecordedOne_PublishesTheRecordedInOrder()
    {
        var repository = NewRepository();
        var content = RandomBytes((5 * MiB) + 1010);
        var session = await StageAsync(repository, content, 1000, (5 * MiB) + 7, 3);
        // Staged but never recorded (a request that lost the race): not part of the upload.
        await Storage.Uploads.StageAsync(session, new TrickleStream(RandomBytes(50)), None);

        var blob = await PublishAsync(session, Digest.Compute(content));

        Assert.Equal(3, session.Segments.Count);
        Assert.Equal(content.Length, blob.Size);
        AssertSameBytes(content, await ReadBlobAsync(repository, blob.Digest, 0, content.Length));
    }

    [Fact]
    public async Task PublishAsync_BeforePublish_StagedBytesAreInvisible()
    {
        var repository = NewRepository();
        var content = RandomBytes(100);
        await StageAsync(repository, content);

        Assert.Null(await Storage.Blobs.StatAsync(repository, Digest.Compute(content), None));
        Assert.Null(await Storage.Blobs.OpenReadAsync(repository, Digest.Compute(content), 0, 100, None));
    }

    [Fact]
    public async Task PublishAsync_VerifiedUpload_BlobReadableInThatRepositoryOnly()
    {
        var repository = NewRepository();
        var other = NewRepository();
        var content = RandomBytes(100_000);

        var blob = await PushBlobAsync(repository, content, 60_000, 40_000);

        Assert.Equal(new BlobInfo(Digest.Compute(content), 100_000), blob);
        Assert.Equal(blob, await Storage.Blobs.StatAsync(repository, blob.Digest, None));
        AssertSameBytes(content, await ReadBlobAsync(repository, blob.Digest, 0, content.Length));
        Assert.Null(await Storage.Blobs.StatAsync(other, blob.Digest, None));
        Assert.Null(await Storage.Blobs.OpenReadAsync(other, blob.Digest, 0, 1, None));
    }

    [Fact]
    public async Task PublishAsync_LastSegmentStagedButNotSaved_PublishesItToo()
    {
        var repository = NewRepository();
        var content = RandomBytes(3000);
        var session = await StageAsync(repository, content.AsSpan(0, 1000).ToArray());
        using var last = new TrickleStream(content.AsMemory(1000));
        var segment = await Storage.Uploads.StageAsync(session, last, None);

        var blob = await PublishAsync(
            session with { Offset = content.Length, Segments = [.. session.Segments, segment] }, Digest.Compute(content));

        Assert.Equal(new BlobInfo(Digest.Compute(content), content.Length), blob);
        AssertSameBytes(content, await ReadBlobAsync(repository, blob.Digest, 0, content.Length));
        Assert.Null(await Storage.Uploads.GetAsync(repository, session.Id, None));
    }

    [Fact]
    public async Task PublishAsync_SessionChangedByAnotherRequest_PublishesNothingAndKeepsTheSession()
    {
        var repository = NewRepository();
        var content = RandomBytes(1000);
        var stale = await StageAsync(repository, content);
        var current = await AppendAsync(stale, RandomBytes(10));

        var blob = await Storage.Uploads.PublishAsync(stale, Digest.Compute(content), None);

        Assert.Null(blob);
        Assert.Null(await Storage.Blobs.StatAsync(repository, Digest.Compute(content), None));
        Assert.Equal(current.Offset, (await Storage.Uploads.GetAsync(repository, stale.Id, None))?.Offset);
    }

    [Fact]
    public async Task PublishAsync_EndsTheSession()
    {
        var repository = NewRepository();
        var content = RandomBytes(10);
        var session = await StageAsync(repository, content);

        await PublishAsync(session, Digest.Compute(content));

        Assert.Null(await Storage.Uploads.GetAsync(repository, session.Id, None));
    }

    [Fact]
    public async Task PublishAsync_EmptyUpload_PublishesTheEmptyBlob()
    {
        var repository = NewRepository();
        var session = await Storage.Uploads.CreateAsync(repository, None);

        var blob = await PublishAsync(session, Digest.Compute([]));

        Assert.Equal(new BlobInfo(Digest.Compute([]), 0), blob);
        Assert.Equal(blob, await Storage.Blobs.StatAsync(repository, blob.Digest, None));
        Assert.Empty((await ReadBlobAsync(repository, blob.Digest, 0, 0))!);
    }

    [Fact]
    public async Task PublishAsync_SameBytesInTwoRepositories_BothSeeTheBlob()
    {
        var first = NewRepository();
        var second = NewRepository();
        var content = RandomBytes(5 * MiB);

        var one = await PushBlobAsync(first, content);
        var two = await PushBlobAsync(second, content, MiB, 4 * MiB);

        Assert.Equal(one, two);
        AssertSameBytes(content, await ReadBlobAsync(first, one.Digest, 0, content.Length));
        AssertSameBytes(content, await ReadBlobAsync(second, two.Digest, 0, content.Length));
    }

    [Fact]
    public async Task PublishAsync_SameSessionTwice_SecondLinksTheSameBlob()
    {
        var repository = NewRepository();
        var content = RandomBytes(1000);
        var session = await StageAsync(repository, content);
        var first = await PublishAsync(session, Digest.Compute(content));

        var second = await PublishAsync(session, Digest.Compute(content));

        Assert.Equal(first, second);
        AssertSameBytes(content, await ReadBlobAsync(repository, first.Digest, 0, content.Length));
    }

    [Fact]
    public async Task DeleteAsync_OpenSession_EndsItAndPublishesNothing()
    {
        var repository = NewRepository();
        var content = RandomBytes(100);
        var session = await StageAsync(repository, content, 50, 50);

        await Storage.Uploads.DeleteAsync(session, None);

        Assert.Null(await Storage.Uploads.GetAsync(repository, session.Id, None));
        Assert.Null(await Storage.Blobs.StatAsync(repository, Digest.Compute(content), None));
    }

    [Fact]
    public async Task DeleteAsync_StaleVersion_StillEndsTheSession()
    {
        var repository = NewRepository();
        var created = await Storage.Uploads.CreateAsync(repository, None);
        await AppendAsync(created, RandomBytes(10));

        await Storage.Uploads.DeleteAsync(created, None);

        Assert.Null(await Storage.Uploads.GetAsync(repository, created.Id, None));
    }

    [Fact]
    public async Task DeleteAsync_AfterPublish_KeepsThePublishedBlob()
    {
        var repository = NewRepository();
        var content = RandomBytes(3000);
        var session = await StageAsync(repository, content, 1000, 2000);
        var blob = await PublishAsync(session, Digest.Compute(content));

        await Storage.Uploads.DeleteAsync(session, None);

        Assert.Equal(blob, await Storage.Blobs.StatAsync(repository, blob.Digest, None));
        AssertSameBytes(content, await ReadBlobAsync(repository, blob.Digest, 0, content.Length));
    }

    [Fact]
    public async Task DeleteAsync_AfterMismatch_SameBytesCanBeUploadedAgain()
    {
        var repository = NewRepository();
        var content = RandomBytes(2000);
        var failed = await StageAsync(repository, content, 1000, 1000);
        await Storage.Uploads.DeleteAsync(failed, None);

        var blob = await PushBlobAsync(repository, content, 500, 1500);

        AssertSameBytes(content, await ReadBlobAsync(repository, blob.Digest, 0, content.Length));
    }
}
