using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Registry.Core;
using Registry.Core.Manifests;
using Registry.Core.Storage;
using static Registry.Storage.Azure.StorageLayout;

namespace Registry.Storage.Azure;

/// <summary>
/// Manifests as rows of the <c>manifests</c> table, their bytes inline or in a content-addressed
/// spill blob, plus the <c>referrers</c> index (see <see cref="StorageLayout"/>).
/// </summary>
public sealed class AzureManifestStore(AzureStorageAccount storage) : IManifestStore
{
    private static readonly string[] ExistsColumns = [Properties.Size];
    private static readonly string[] DeleteColumns = [Properties.Subject];

    /// <summary>Spill blob first, then the manifest row, then the referrers row: nothing half-written is visible.</summary>
    public async Task PutAsync(RepositoryName repository, StoredManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (!ManifestEntity.IsInline(manifest))
        {
            await WriteSpillBlobAsync(manifest, cancellationToken);
        }

        await storage.Manifests.UpsertEntityAsync(ManifestEntity.From(repository, manifest), TableUpdateMode.Replace, cancellationToken);
        if (manifest.Subject is { } subject)
        {
            await storage.Referrers.UpsertEntityAsync(ManifestEntity.Referrer(repository, subject, manifest), TableUpdateMode.Replace, cancellationToken);
        }
    }

    public async Task<StoredManifest?> GetAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken)
    {
        var found = await storage.Manifests.GetEntityIfExistsAsync<TableEntity>(
            TableKeys.FromRepository(repository), DigestKey(digest), cancellationToken: cancellationToken);
        if (!found.HasValue)
        {
            return null;
        }

        var entity = found.Value!;
        ReadOnlyMemory<byte> content = ManifestEntity.SpillBlob(entity) is { } spill
            ? (await storage.Container.GetBlobClient(spill).DownloadContentAsync(cancellationToken)).Value.Content.ToMemory()
            : ManifestEntity.InlineContent(entity);
        return ManifestEntity.ToManifest(entity, digest, content);
    }

    public async Task<bool> ExistsAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken)
    {
        var found = await storage.Manifests.GetEntityIfExistsAsync<TableEntity>(
            TableKeys.FromRepository(repository), DigestKey(digest), ExistsColumns, cancellationToken);
        return found.HasValue;
    }

    /// <summary>The referrers row goes first, so no referrer outlives its manifest. The spill blob stays (other repositories may share it).</summary>
    public async Task<bool> DeleteAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken)
    {
        var partition = TableKeys.FromRepository(repository);
        var found = await storage.Manifests.GetEntityIfExistsAsync<TableEntity>(partition, DigestKey(digest), DeleteColumns, cancellationToken);
        if (!found.HasValue)
        {
            return false;
        }

        if (ManifestEntity.Subject(found.Value!) is { } subject)
        {
            await storage.Referrers.DeleteEntityAsync(ReferrersPartition(repository, subject), DigestKey(digest), ETag.All, cancellationToken);
        }

        var response = await storage.Manifests.DeleteEntityAsync(partition, DigestKey(digest), ETag.All, cancellationToken);
        return response.Status != 404;
    }

    public async Task<IReadOnlyList<Descriptor>> ListReferrersAsync(RepositoryName repository, Digest subject, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ReferrersPartition(repository, subject)}");
        var referrers = new List<Descriptor>();
        await foreach (var entity in storage.Referrers.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (ManifestEntity.ToDescriptor(entity) is { } descriptor)
            {
                referrers.Add(descriptor);
            }
            else if (await GetAsync(repository, Digest.Parse(entity.RowKey), cancellationToken) is { } manifest)
            {
                referrers.Add(manifest.ToDescriptor());
            }
        }

        return referrers;
    }

    /// <summary>Writes the content-addressed spill blob unless it exists (same name = same bytes).</summary>
    private async Task WriteSpillBlobAsync(StoredManifest manifest, CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } };
        try
        {
            await storage.Container.GetBlobClient(ManifestBlobName(manifest.Digest)).UploadAsync(new BinaryData(manifest.Content), options, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Already written by an earlier push of the same manifest.
        }
    }
}
