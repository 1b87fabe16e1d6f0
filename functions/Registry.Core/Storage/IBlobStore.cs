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

    /// <summary>
    /// Those of <paramref name="digests"/> this repository does not hold, in their given order: one
    /// question for all the blobs a manifest references, rather than one per blob.
    /// </summary>
    Task<IReadOnlyList<Digest>> FindMissingAsync(RepositoryName repository, IReadOnlyList<Digest> digests, CancellationToken cancellationToken);

    /// <summary>Streams <paramref name="length"/> bytes from <paramref name="offset"/>; null when the repository lacks the blob.</summary>
    Task<Stream?> OpenReadAsync(RepositoryName repository, Digest digest, long offset, long length, CancellationToken cancellationToken);

    /// <summary>
    /// A URL from which anyone holding it can read the blob's bytes (GET and HEAD, with ranges, no
    /// credentials) until <paramref name="lifetime"/> has passed, and nothing else: the registry
    /// redirects blob GETs there so that layers download straight from storage. Null when the
    /// repository lacks the blob, or when this store cannot hand out such URLs (then the caller
    /// streams the bytes with <see cref="OpenReadAsync"/>).
    /// </summary>
    Task<Uri?> GetDownloadUriAsync(RepositoryName repository, Digest digest, TimeSpan lifetime, CancellationToken cancellationToken);

    /// <summary>Links a blob held by <paramref name="from"/> into <paramref name="to"/>; null when <paramref name="from"/> lacks it.</summary>
    Task<BlobInfo?> MountAsync(RepositoryName from, RepositoryName to, Digest digest, CancellationToken cancellationToken);

    /// <summary>Removes the blob from the repository; false when it held no such blob.</summary>
    Task<bool> UnlinkAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken);
}
