using System.Buffers;
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Registry.Core;
using Registry.Core.Storage;
using BlobInfo = Registry.Core.Storage.BlobInfo;
using static Registry.Storage.Azure.StorageLayout;

namespace Registry.Storage.Azure;

/// <summary>
/// Uploads as rows of the <c>uploads</c> table plus uncommitted blocks of <c>blobs/{uploadId}</c>
/// (see <see cref="StorageLayout"/>). The request that deletes the row (If-Match) owns the staged
/// bytes: so a completion and a cancellation racing each other can never drop published bytes.
/// </summary>
public sealed class AzureUploadStore(AzureStorageAccount storage, TimeProvider time) : IUploadStore
{
    private const int MaxDeleteAttempts = 3;

    public async Task<UploadSession> CreateAsync(RepositoryName repository, CancellationToken cancellationToken)
    {
        var session = new UploadSession(UploadId.New(), repository, 0, [], null, time.GetUtcNow(), string.Empty);
        var response = await storage.Uploads.AddEntityAsync(UploadEntity.From(session), cancellationToken);
        return session with { Version = response.Headers.ETag.GetValueOrDefault().ToString() };
    }

    public async Task<UploadSession?> GetAsync(RepositoryName repository, UploadId id, CancellationToken cancellationToken)
    {
        var found = await storage.Uploads.GetEntityIfExistsAsync<TableEntity>(id.Value, SingleRow, cancellationToken: cancellationToken);
        if (!found.HasValue)
        {
            return null;
        }

        var session = UploadEntity.ToSession(found.Value!);
        return session.Repository == repository ? session : null;
    }

    /// <summary>
    /// Stages the body as blocks of <see cref="StorageLayout.BlockSize"/>, several in flight while the
    /// next arrives (<see cref="BlockStager"/>), in order of their ids.
    /// </summary>
    public async Task<UploadSegment> StageAsync(UploadSession session, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(content);
        var nonce = NewNonce(session);
        await using var stager = new BlockStager(BlobOf(session));
        var blocks = 0;
        long length = 0;
        while (true)
        {
            var buffer = await stager.NextBufferAsync();
            int filled;
            try
            {
                filled = await FillAsync(content, buffer, cancellationToken);
            }
            catch
            {
                stager.Unused(buffer);
                throw;
            }

            if (filled == 0)
            {
                stager.Unused(buffer);
                break;
            }

            stager.Stage(BlockId(nonce, blocks), buffer, filled, cancellationToken);
            blocks++;
            length += filled;
            if (filled < BlockSize)
            {
                break;
            }
        }

        await stager.FlushAsync();
        return new UploadSegment(nonce, blocks, length);
    }

    public async Task<UploadSession?> SaveAsync(UploadSession updated, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updated);
        try
        {
            var response = await storage.Uploads.UpdateEntityAsync(
                UploadEntity.From(updated), UploadEntity.Version(updated), TableUpdateMode.Replace, cancellationToken);
            return updated with { Version = response.Headers.ETag.GetValueOrDefault().ToString() };
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return null;
        }
    }

    /// <summary>
    /// Claims the session (If-Match delete of its row), then links the digest: the bytes held under
    /// another name when the index has the digest (ours are dropped), else ours, committed in place.
    /// No copy and no read of blob bytes.
    /// </summary>
    public async Task<BlobInfo?> PublishAsync(UploadSession session, Digest digest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (!await TryClaimAsync(session, cancellationToken))
        {
            // Another request completed or cancelled this upload, or changed it after it was verified.
            // If the digest is published (by a duplicate completion, say) the client's bytes are held.
            return await FindIndexedAsync(digest, cancellationToken) is { } held
                ? await LinkAsync(session.Repository, digest, held, cancellationToken)
                : null;
        }

        var ours = UploadBlobName(session.Id);
        var existing = await FindIndexedAsync(digest, cancellationToken);
        if (existing is null)
        {
            await BlobOf(session).CommitBlockListAsync(BlockIds(session.Segments), options: null, cancellationToken);
            existing = new IndexedBlob(ours, session.Offset);
            try
            {
                await storage.BlobIndex.AddEntityAsync(existing.ToEntity(digest), cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                existing = await FindIndexedAsync(digest, cancellationToken)
                    ?? throw new InvalidOperationException($"blob index entry {digest} vanished", e);
            }
        }

        if (existing.BlobName != ours)
        {
            await DropAsync(session, cancellationToken);
        }

        return await LinkAsync(session.Repository, digest, existing, cancellationToken);
    }

    public async Task DeleteAsync(UploadSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var current = session;
        for (var attempt = 0; attempt < MaxDeleteAttempts; attempt++)
        {
            if (await TryClaimAsync(current, cancellationToken))
            {
                await DropAsync(session, cancellationToken);
                return;
            }

            // Changed by a concurrent request (claim again at its version) or already ended (nothing to do).
            if (await GetAsync(session.Repository, session.Id, cancellationToken) is not { } latest)
            {
                return;
            }

            current = latest;
        }

        throw new InvalidOperationException($"upload {session.Id} kept changing while it was being cancelled");
    }

    private async Task<bool> TryClaimAsync(UploadSession session, CancellationToken cancellationToken)
    {
        try
        {
            // The SDK reports a missing row as a 404 response rather than an exception.
            var response = await storage.Uploads.DeleteEntityAsync(session.Id.Value, SingleRow, UploadEntity.Version(session), cancellationToken);
            return response.Status != 404;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

    /// <summary>Discards the staged bytes: committing an empty list drops uncommitted blocks too.</summary>
    private async Task DropAsync(UploadSession session, CancellationToken cancellationToken)
    {
        var blob = BlobOf(session);
        await blob.CommitBlockListAsync([], options: null, cancellationToken);
        await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.None, conditions: null, cancellationToken);
    }

    private async Task<IndexedBlob?> FindIndexedAsync(Digest digest, CancellationToken cancellationToken)
    {
        var found = await storage.BlobIndex.GetEntityIfExistsAsync<TableEntity>(DigestKey(digest), SingleRow, cancellationToken: cancellationToken);
        return found.HasValue ? IndexedBlob.From(found.Value!) : null;
    }

    private async Task<BlobInfo> LinkAsync(RepositoryName repository, Digest digest, IndexedBlob blob, CancellationToken cancellationToken)
    {
        await storage.RepositoryBlobs.UpsertEntityAsync(blob.ToLink(repository, digest), TableUpdateMode.Replace, cancellationToken);
        return new BlobInfo(digest, blob.Size);
    }

    private BlockBlobClient BlobOf(UploadSession session) => storage.Container.GetBlockBlobClient(UploadBlobName(session.Id));

    private static async Task<int> FillAsync(Stream content, byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < BlockSize)
        {
            var read = await content.ReadAsync(buffer.AsMemory(filled, BlockSize - filled), cancellationToken);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled;
    }

    /// <summary>A fresh random nonce, distinct from the session's recorded ones (block ids must not collide).</summary>
    private static string NewNonce(UploadSession session)
    {
        while (true)
        {
            var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
            if (session.Segments.All(segment => segment.Nonce != nonce))
            {
                return nonce;
            }
        }
    }
}
