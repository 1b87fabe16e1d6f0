namespace Registry.Core.Storage;

/// <summary>
/// The durable state of one blob upload, read and written by every request of the upload so that
/// consecutive requests may reach different instances.
/// </summary>
/// <param name="Offset">Bytes received so far.</param>
/// <param name="Segments">The staged pieces in order, one per request that carried bytes.</param>
/// <param name="DigestSoFar">The digest of bytes [0, Offset) when they all arrived in one request
/// (hashed as they streamed in), so completing needs no re-read; null otherwise.</param>
/// <param name="Version">Opaque concurrency token of the stored state (an ETag).</param>
public sealed record UploadSession(
    UploadId Id,
    RepositoryName Repository,
    long Offset,
    IReadOnlyList<UploadSegment> Segments,
    Digest? DigestSoFar,
    DateTimeOffset StartedAt,
    string Version);

/// <summary>The bytes one request staged: <see cref="Blocks"/> storage blocks named with <see cref="Nonce"/>.</summary>
public sealed record UploadSegment(string Nonce, int Blocks, long Length);
