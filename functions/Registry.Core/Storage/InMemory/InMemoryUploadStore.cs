using System.Globalization;

namespace Registry.Core.Storage.InMemory;

public sealed class InMemoryUploadStore(InMemoryStorage storage, TimeProvider time) : IUploadStore
{
    private long versions;

    public Task<UploadSession> CreateAsync(RepositoryName repository, CancellationToken cancellationToken)
    {
        var session = new UploadSession(UploadId.New(), repository, 0, [], null, time.GetUtcNow(), NextVersion());
        storage.Uploads[session.Id] = new InMemoryStorage.InMemoryUpload(session);
        return Task.FromResult(session);
    }

    public Task<UploadSession?> GetAsync(RepositoryName repository, UploadId id, CancellationToken cancellationToken) =>
        Task.FromResult(storage.Uploads.TryGetValue(id, out var upload) && upload.Session.Repository == repository ? upload.Session : null);

    public async Task<UploadSegment> StageAsync(UploadSession session, Stream content, CancellationToken cancellationToken)
    {
        if (!storage.Uploads.TryGetValue(session.Id, out var upload))
        {
            throw new InvalidOperationException("upload session vanished");
        }

        var nonce = Guid.NewGuid().ToString("N")[..8];
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        upload.Staged[nonce] = buffer.ToArray();
        return new UploadSegment(nonce, buffer.Length == 0 ? 0 : 1, buffer.Length);
    }

    public Task<UploadSession?> SaveAsync(UploadSession updated, CancellationToken cancellationToken)
    {
        if (!storage.Uploads.TryGetValue(updated.Id, out var upload))
        {
            return Task.FromResult<UploadSession?>(null);
        }

        lock (upload.Gate)
        {
            if (upload.Session.Version != updated.Version)
            {
                return Task.FromResult<UploadSession?>(null);
            }

            upload.Session = updated with { Version = NextVersion() };
            return Task.FromResult<UploadSession?>(upload.Session);
        }
    }

    public Task<BlobInfo?> PublishAsync(UploadSession session, Digest digest, CancellationToken cancellationToken)
    {
        byte[]? bytes;
        if (storage.Uploads.TryGetValue(session.Id, out var upload) && TryClaim(upload, session))
        {
            bytes = storage.Blobs.GetOrAdd(digest, _ => Concatenate(upload, session));
        }
        else if (!storage.Blobs.TryGetValue(digest, out bytes))
        {
            return Task.FromResult<BlobInfo?>(null);
        }

        storage.Links[(session.Repository.Value, digest)] = bytes.Length;
        return Task.FromResult<BlobInfo?>(new BlobInfo(digest, bytes.Length));
    }

    public Task DeleteAsync(UploadSession session, CancellationToken cancellationToken)
    {
        storage.Uploads.TryRemove(session.Id, out _);
        return Task.CompletedTask;
    }

    /// <summary>Ends the session if it is still at the caller's version, as the Azure store's If-Match delete does.</summary>
    private bool TryClaim(InMemoryStorage.InMemoryUpload upload, UploadSession session)
    {
        lock (upload.Gate)
        {
            return upload.Session.Version == session.Version && storage.Uploads.TryRemove(session.Id, out _);
        }
    }

    private static byte[] Concatenate(InMemoryStorage.InMemoryUpload upload, UploadSession session)
    {
        using var all = new MemoryStream();
        foreach (var segment in session.Segments)
        {
            if (!upload.Staged.TryGetValue(segment.Nonce, out var bytes))
            {
                throw new InvalidOperationException($"staged segment {segment.Nonce} is missing");
            }

            all.Write(bytes);
        }

        return all.ToArray();
    }

    private string NextVersion() => Interlocked.Increment(ref versions).ToString(CultureInfo.InvariantCulture);
}
