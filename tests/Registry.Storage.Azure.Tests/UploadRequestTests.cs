using Registry.Core;
using Registry.Core.Storage;
using Registry.Core.Uploads;
using Registry.Storage.Contract;
using Xunit.Abstractions;

namespace Registry.Storage.Azure.Tests;

/// <summary>
/// Counts the storage requests of whole uploads through <see cref="UploadService"/> on the Azure
/// stores: each chunk carries the SHA-256 state forward in the upload's row, so completing an upload
/// of any number of chunks reads no blob byte back and every chunk costs the same requests.
/// </summary>
public sealed class UploadRequestTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>Not a multiple of the 64-byte SHA-256 block, so every saved state carries a tail.</summary>
    private const int ChunkSize = TestData.MiB + 4099;

    private static readonly string[] ChunkRequests = ["GET uploads", "PUT blob comp=block", "PUT uploads"];

    private readonly StorageRequestLog log = new();
    private AzureStorageAccount account = null!;
    private UploadService service = null!;

    public async Task InitializeAsync()
    {
        account = AzuriteFixture.CreateAccount(log.BlobPolicy, log.TablePolicy);
        await AzuriteFixture.EnsureReachableAsync(account);
        service = new UploadService(new AzureUploadStore(account, TimeProvider.System), new AzureBlobStore(account), new AzureRepositoryCatalog(account));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task CompleteAsync_OneTwoAndTenChunks_ReadsNoBlobBytesAndCostsTheSameRequestsPerChunk()
    {
        var completions = new Dictionary<int, IReadOnlyList<string>>();
        foreach (var chunks in (int[])[1, 2, 10])
        {
            var repository = RepositoryName.Parse($"{TestData.UniquePrefix()}/chunks");
            var content = TestData.RandomBytes(chunks * ChunkSize);
            log.Clear();

            var session = await service.StartAsync(repository, CancellationToken.None);
            var start = log.Take();
            for (var chunk = 0; chunk < chunks; chunk++)
            {
                using var body = new TrickleStream(content.AsMemory(chunk * ChunkSize, ChunkSize));
                var appended = await service.AppendAsync(repository, session.Id, body, (long)chunk * ChunkSize, ChunkSize, CancellationToken.None);
                Assert.Null(appended.Error);
                Assert.Equal(ChunkRequests, log.Take());
            }

            var completed = await service.CompleteAsync(repository, session.Id, Digest.Compute(content), Stream.Null, 0, CancellationToken.None);
            var completion = log.Take();

            Assert.Null(completed.Error);
            Assert.Equal(new BlobInfo(Digest.Compute(content), content.Length), completed.Value);
            Assert.Equal(["POST uploads"], start);
            Assert.DoesNotContain(completion, ReadsBlobBytes);
            completions[chunks] = completion;
            var total = start.Count + (chunks * ChunkRequests.Length) + completion.Count;
            output.WriteLine($"{chunks,2} chunk(s) of {ChunkSize} bytes: {total} storage requests = {start.Count} start + {chunks} x {ChunkRequests.Length} " +
                $"({string.Join(", ", ChunkRequests)}) + {completion.Count} completion ({string.Join(", ", completion)})");
        }

        Assert.Equal(completions[1], completions[2]);
        Assert.Equal(completions[1], completions[10]);
        Assert.Equal(["GET uploads", "DELETE uploads", "GET blobs", "PUT blob comp=blocklist", "POST blobs", "PUT repositoryblobs", "PUT repositories"], completions[1]);
    }

    /// <summary>A blob download (<c>GET blob</c>, any range) or a copy (Copy Blob, Put Block From URL): <see cref="StorageRequestLog"/>'s words.</summary>
    private static bool ReadsBlobBytes(string request) =>
        request.Split(' ') is [var method, "blob", ..] && method == "GET" || request.EndsWith(" COPY", StringComparison.Ordinal);
}
