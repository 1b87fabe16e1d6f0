namespace Registry.Core.Storage;

/// <summary>
/// Content-addressed blobs, shared by all repositories, each visible only in the repositories
/// it was pushed or mounted into.
/// See https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-blobs.
/// </summary>
public interface IBlobStore
{
    /// <summary>The blob if this repository holds it.</summary>
    Task<BlobInfo?> StatAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken);

    /// <summary>Streams <paramref name="length"/> bytes from <paramref name="offset"/>; null when the repository lacks the blob.</summary>
    Task<Stream?> OpenReadAsync(RepositoryName repository, Digest digest, long offset, long length, CancellationToken cancellationToken);

    /// <summary>Links a blob held by <paramref name="from"/> into <paramref name="to"/>; null when <paramref name="from"/> lacks it.</summary>
    Task<BlobInfo?> MountAsync(RepositoryName from, RepositoryName to, Digest digest, CancellationToken cancellationToken);

    /// <summary>Removes the blob from the repository; false when it held no such blob.</summary>
    Task<bool> UnlinkAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken);
}
