namespace Registry.Core.Storage;

/// <summary>
/// The durable state of one blob upload, read and written by every request of the upload so that
/// consecutive requests may reach different instances.
/// </summary>
/// <param name="Offset">Bytes received so far.</param>
/// <param name="Segments">The staged pieces in order, one per request that carried bytes.</param>
/// <param name="HashState">The SHA-256 state after bytes [0, Offset), exported by
/// <see cref="Hashing.IResumableSha256.ExportState"/> (at most <see cref="Hashing.ResumableSha256.MaxStateLength"/>
/// bytes): each request continues it with its own bytes and completing the upload finishes it, so no
/// byte is ever read back. Null before the first byte. Opaque to stores: they keep it byte for byte.</param>
/// <param name="Version">Opaque concurrency token of the stored state (an ETag).</param>
public sealed record UploadSession(
    UploadId Id,
    RepositoryName Repository,
    long Offset,
    IReadOnlyList<UploadSegment> Segments,
    byte[]? HashState,
    DateTimeOffset StartedAt,
    string Version);

/// <summary>The bytes one request staged: <see cref="Blocks"/> storage blocks named with <see cref="Nonce"/>.</summary>
public sealed record UploadSegment(string Nonce, int Blocks, long Length);
