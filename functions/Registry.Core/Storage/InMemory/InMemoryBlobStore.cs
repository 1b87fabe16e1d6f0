namespace Registry.Core.Storage.InMemory;

/// <summary>Blobs in <see cref="InMemoryStorage"/>; it cannot hand out download URLs, so reads always stream.</summary>
public sealed class InMemoryBlobStore(InMemoryStorage storage) : IBlobStore
{
    public Task<BlobInfo?> StatAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken) =>
        Task.FromResult(storage.Links.TryGetValue((repository.Value, digest), out var size) ? new BlobInfo(digest, size) : null);

    public Task<IReadOnlyList<Digest>> FindMissingAsync(RepositoryName repository, IReadOnlyList<Digest> digests, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Digest>>([.. digests.Where(digest => !storage.Links.ContainsKey((repository.Value, digest)))]);

    public Task<Stream?> OpenReadAsync(RepositoryName repository, Digest digest, long offset, long length, CancellationToken cancellationToken)
    {
        if (!storage.Links.ContainsKey((repository.Value, digest)) || !storage.Blobs.TryGetValue(digest, out var bytes))
        {
            return Task.FromResult<Stream?>(null);
        }

        return Task.FromResult<Stream?>(new MemoryStream(bytes, (int)offset, (int)length, writable: false));
    }

    /// <summary>Always null: bytes in process memory have no URL of their own, so they stream through the host.</summary>
    public Task<Uri?> GetDownloadUriAsync(RepositoryName repository, Digest digest, TimeSpan lifetime, CancellationToken cancellationToken) =>
        Task.FromResult<Uri?>(null);

    public Task<BlobInfo?> MountAsync(RepositoryName from, RepositoryName to, Digest digest, CancellationToken cancellationToken)
    {
        if (!storage.Links.TryGetValue((from.Value, digest), out var size))
        {
            return Task.FromResult<BlobInfo?>(null);
        }

        storage.Links[(to.Value, digest)] = size;
        return Task.FromResult<BlobInfo?>(new BlobInfo(digest, size));
    }

    public Task<bool> UnlinkAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken) =>
        Task.FromResult(storage.Links.TryRemove((repository.Value, digest), out _));
}
