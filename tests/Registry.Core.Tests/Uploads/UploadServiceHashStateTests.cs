using Registry.Core.Errors;
using Registry.Core.Hashing;
using Registry.Core.Storage.InMemory;
using Registry.Core.Uploads;
using Registry.Storage.Contract;

namespace Registry.Core.Tests.Uploads;

/// <summary>How <see cref="UploadService"/> carries the upload's SHA-256 from request to request in the session.</summary>
public sealed class UploadServiceHashStateTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly InMemoryStorage storage = new();
    private readonly InMemoryUploadStore uploads;
    private readonly UploadService service;

    public UploadServiceHashStateTests()
    {
        uploads = new InMemoryUploadStore(storage, TimeProvider.System);
        service = new UploadService(uploads, new InMemoryBlobStore(storage), new InMemoryRepositoryCatalog(storage));
    }

    [Fact]
    public async Task AppendAsync_EachChunk_SavesTheStateOfEveryByteSoFar()
    {
        var repository = RepositoryName.Parse($"{TestData.UniquePrefix()}/hash");
        var content = TestData.RandomBytes(10_000);
        var session = await service.StartAsync(repository, None);

        Assert.Null(session.HashState);
        foreach (var (offset, length) in (ValueTuple<int, int>[])[(0, 1), (1, 63), (64, 4000), (4064, 5936)])
        {
            var appended = await service.AppendAsync(repository, session.Id, new TrickleStream(content.AsMemory(offset, length)), offset, length, None);

            var state = ResumableSha256.Import(appended.Value!.HashState!);
            Assert.Equal(offset + length, state.Length);
            Assert.Equal(Digest.Compute(content.AsSpan(0, offset + length)), state.GetDigest());
        }

        var completed = await service.CompleteAsync(repository, session.Id, Digest.Compute(content), Stream.Null, 0, None);
        Assert.Equal(Digest.Compute(content), completed.Value!.Digest);
    }

    [Fact]
    public async Task CompleteAsync_EmptyUpload_PublishesTheEmptyBlob()
    {
        var repository = RepositoryName.Parse($"{TestData.UniquePrefix()}/hash");
        var session = await service.StartAsync(repository, None);

        var completed = await service.CompleteAsync(repository, session.Id, Digest.Compute([]), Stream.Null, 0, None);

        Assert.Equal(Digest.Compute([]), completed.Value!.Digest);
    }

    [Fact]
    public async Task AppendAndCompleteAsync_BytesButNoSavedState_AnswerBlobUploadInvalid()
    {
        var repository = RepositoryName.Parse($"{TestData.UniquePrefix()}/hash");
        var content = TestData.RandomBytes(100);
        var session = await service.StartAsync(repository, None);
        var segment = await uploads.StageAsync(session, new MemoryStream(content), None);
        await uploads.SaveAsync(session with { Offset = 100, Segments = [segment], HashState = null }, None);

        var appended = await service.AppendAsync(repository, session.Id, new MemoryStream(content), null, 100, None);
        var completed = await service.CompleteAsync(repository, session.Id, Digest.Compute(content), Stream.Null, 0, None);

        Assert.Equal(ErrorCode.BlobUploadInvalid, appended.Error!.Code);
        Assert.Equal(ErrorCode.BlobUploadInvalid, completed.Error!.Code);
    }

    [Fact]
    public async Task CompleteAsync_StateOfOtherLength_Throws()
    {
        var repository = RepositoryName.Parse($"{TestData.UniquePrefix()}/hash");
        var session = await service.StartAsync(repository, None);
        var appended = await service.AppendAsync(repository, session.Id, new MemoryStream(TestData.RandomBytes(100)), null, 100, None);
        var other = ResumableSha256.Create();
        other.Append(new byte[99]);
        await uploads.SaveAsync(appended.Value! with { HashState = other.ExportState() }, None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => service.CompleteAsync(repository, session.Id, Digest.Compute([]), Stream.Null, 0, None));
    }
}
