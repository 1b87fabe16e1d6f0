namespace Registry.Core.Storage;

/// <summary>
/// Upload sessions and their staged bytes. Staged bytes are invisible until
/// <see cref="PublishAsync"/>, which the caller invokes only after the digest checked out.
/// See https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pushing-blobs.
/// </summary>
public interface IUploadStore
{
    Task<UploadSession> CreateAsync(RepositoryName repository, CancellationToken cancellationToken);

    /// <summary>The session, or null when it is unknown in this repository (never started, completed or cancelled).</summary>
    Task<UploadSession?> GetAsync(RepositoryName repository, UploadId id, CancellationToken cancellationToken);

    /// <summary>
    /// Streams <paramref name="content"/> into new staged blocks of the session's data without
    /// recording them; the caller records the returned segment with <see cref="SaveAsync"/>.
    /// </summary>
    Task<UploadSegment> StageAsync(UploadSession session, Stream content, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="updated"/> if the stored state is still at <c>updated.Version</c>;
    /// returns the state with its new version, or null when another request changed it first.
    /// </summary>
    Task<UploadSession?> SaveAsync(UploadSession updated, CancellationToken cancellationToken);

    /// <summary>
    /// Makes the staged bytes the blob <paramref name="digest"/>, links it into the session's
    /// repository and ends the session. When the registry already holds that digest the staged
    /// bytes are dropped and the existing blob is linked instead. The session's segments need not
    /// have been saved, but the stored session must still be at <c>session.Version</c>: otherwise
    /// (another request completed, cancelled or changed it first) nothing is published and the
    /// result is null, unless the registry already holds the digest, which is then linked.
    /// </summary>
    Task<BlobInfo?> PublishAsync(UploadSession session, Digest digest, CancellationToken cancellationToken);

    /// <summary>Ends the session and drops its staged bytes.</summary>
    Task DeleteAsync(UploadSession session, CancellationToken cancellationToken);
}
