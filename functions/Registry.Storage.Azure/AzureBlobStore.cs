using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Registry.Core;
using Registry.Core.Storage;
using BlobInfo = Registry.Core.Storage.BlobInfo;
using static Registry.Storage.Azure.StorageLayout;

namespace Registry.Storage.Azure;

/// <summary>
/// Blobs as seen by repositories: a <c>repositoryblobs</c> row names the blob holding the bytes
/// (see <see cref="StorageLayout"/>). Mount and unlink only touch that row. Download URLs are SAS
/// URLs of that blob, signed by <see cref="BlobDownloadSigner"/>.
/// </summary>
public sealed class AzureBlobStore(AzureStorageAccount storage, BlobDownloadSigner signer) : IBlobStore
{
    /// <summary>Table Storage allows 15 comparisons in one filter: the partition key and 14 row keys.</summary>
    private const int DigestsPerQuery = 14;

    private static readonly string[] RowKeyOnly = ["RowKey"];

    /// <summary>A store whose download URLs are signed on the system clock, with nothing logged.</summary>
    public AzureBlobStore(AzureStorageAccount storage)
        : this(storage, new BlobDownloadSigner(
            (storage ?? throw new ArgumentNullException(nameof(storage))).BlobService, TimeProvider.System, NullLogger<BlobDownloadSigner>.Instance))
    {
    }

    public async Task<BlobInfo?> StatAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken) =>
        await FindLinkAsync(repository, digest, cancellationToken) is { } link ? new BlobInfo(digest, link.Size) : null;

    /// <summary>One partition query per <see cref="DigestsPerQuery"/> digests, selecting only row keys.</summary>
    public async Task<IReadOnlyList<Digest>> FindMissingAsync(RepositoryName repository, IReadOnlyList<Digest> digests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digests);
        var partition = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.FromRepository(repository)}");
        var held = new HashSet<string>(StringComparer.Ordinal);
        foreach (var batch in digests.Chunk(DigestsPerQuery))
        {
            var rows = string.Join(" or ", batch.Select(digest => TableClient.CreateQueryFilter($"RowKey eq {DigestKey(digest)}")));
            var query = storage.RepositoryBlobs.QueryAsync<TableEntity>($"{partition} and ({rows})", select: RowKeyOnly, cancellationToken: cancellationToken);
            await foreach (var row in query)
            {
                held.Add(row.RowKey);
            }
        }

        return [.. digests.Where(digest => !held.Contains(DigestKey(digest)))];
    }

    public async Task<Stream?> OpenReadAsync(RepositoryName repository, Digest digest, long offset, long length, CancellationToken cancellationToken)
    {
        if (await FindLinkAsync(repository, digest, cancellationToken) is not { } link)
        {
            return null;
        }

        if (length == 0)
        {
            return Stream.Null;
        }

        try
        {
            var download = await storage.Container.GetBlobClient(link.BlobName).DownloadStreamingAsync(
                new BlobDownloadOptions { Range = new HttpRange(offset, length) }, cancellationToken);
            return download.Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<Uri?> GetDownloadUriAsync(RepositoryName repository, Digest digest, TimeSpan lifetime, CancellationToken cancellationToken) =>
        await FindLinkAsync(repository, digest, cancellationToken) is { } link
            ? await signer.SignAsync(storage.Container.GetBlobClient(link.BlobName), lifetime, cancellationToken)
            : null;

    public async Task<BlobInfo?> MountAsync(RepositoryName from, RepositoryName to, Digest digest, CancellationToken cancellationToken)
    {
        if (await FindLinkAsync(from, digest, cancellationToken) is not { } link)
        {
            return null;
        }

        await storage.RepositoryBlobs.UpsertEntityAsync(link.ToLink(to, digest), TableUpdateMode.Replace, cancellationToken);
        return new BlobInfo(digest, link.Size);
    }

    public async Task<bool> UnlinkAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken)
    {
        var response = await storage.RepositoryBlobs.DeleteEntityAsync(
            TableKeys.FromRepository(repository), DigestKey(digest), ETag.All, cancellationToken);
        return response.Status != 404;
    }

    private async Task<IndexedBlob?> FindLinkAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken)
    {
        var found = await storage.RepositoryBlobs.GetEntityIfExistsAsync<TableEntity>(
            TableKeys.FromRepository(repository), DigestKey(digest), IndexedBlob.Columns, cancellationToken);
        return found.HasValue ? IndexedBlob.From(found.Value!) : null;
    }
}
