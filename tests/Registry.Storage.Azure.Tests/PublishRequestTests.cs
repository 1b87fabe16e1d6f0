using Registry.Core;
using Registry.Core.Storage;
using Registry.Storage.Contract;

namespace Registry.Storage.Azure.Tests;

/// <summary>
/// Pins the storage requests of the upload path: publishing commits in place (no copy, no read of
/// blob bytes), staging sends only blocks.
/// </summary>
public sealed class PublishRequestTests : IAsyncLifetime
{
    private readonly StorageRequestLog log = new();
    private readonly AzureStorageAccount account;
    private readonly AzureUploadStore uploads;

    public PublishRequestTests()
    {
        account = AzuriteFixture.CreateAccount(log.BlobPolicy, log.TablePolicy);
        uploads = new AzureUploadStore(account, TimeProvider.System);
    }

    public Task InitializeAsync() => AzuriteFixture.EnsureReachableAsync(account);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task StageAsync_NineMiB_StagesThreeBlocksAndNothingElse()
    {
        var session = await uploads.CreateAsync(NewRepository(), CancellationToken.None);
        Clear();

        var segment = await uploads.StageAsync(session, new TrickleStream(TestData.RandomBytes((9 * TestData.MiB) + 1)), CancellationToken.None);

        Assert.Equal(["PUT blob comp=block", "PUT blob comp=block", "PUT blob comp=block"], log.Requests);
        Assert.Equal(3, segment.Blocks);
    }

    [Fact]
    public async Task PublishAsync_NewDigest_CommitsInPlaceWithoutCopyOrRead()
    {
        var content = TestData.RandomBytes((5 * TestData.MiB) + 3);
        var session = await StageAsync(NewRepository(), content);
        Clear();

        await uploads.PublishAsync(session, Digest.Compute(content), CancellationToken.None);

        Assert.Equal(
            ["DELETE uploads", "GET blobs", "PUT blob comp=blocklist", "POST blobs", "PUT repositoryblobs"],
            Sequence());
    }

    [Fact]
    public async Task PublishAsync_DigestAlreadyHeld_DropsStagedBytesWithoutCopyOrRead()
    {
        var content = TestData.RandomBytes(1000);
        var first = await StageAsync(NewRepository(), content);
        await uploads.PublishAsync(first, Digest.Compute(content), CancellationToken.None);
        var second = await StageAsync(NewRepository(), content);
        Clear();

        await uploads.PublishAsync(second, Digest.Compute(content), CancellationToken.None);

        Assert.Equal(
            ["DELETE uploads", "GET blobs", "PUT blob comp=blocklist", "DELETE blob", "PUT repositoryblobs"],
            Sequence());
    }

    private static RepositoryName NewRepository() => RepositoryName.Parse($"{TestData.UniquePrefix()}/requests");

    private async Task<UploadSession> StageAsync(RepositoryName repository, byte[] content)
    {
        var session = await uploads.CreateAsync(repository, CancellationToken.None);
        var segment = await uploads.StageAsync(session, new MemoryStream(content), CancellationToken.None);
        return (await uploads.SaveAsync(session with { Offset = segment.Length, Segments = [segment] }, CancellationToken.None))!;
    }

    private void Clear() => log.Clear();

    private IReadOnlyList<string> Sequence() => log.Requests;
}
