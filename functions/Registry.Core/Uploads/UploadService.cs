using Registry.Core.Errors;
using Registry.Core.Hashing;
using Registry.Core.Storage;

namespace Registry.Core.Uploads;

/// <summary>
/// The blob-upload rules of the spec: sessions, chunks in order, completion only when size and
/// digest check out, and cross-repository mounts. Each request hashes its own bytes as they stream
/// to storage, continuing the SHA-256 state saved in the session (<see cref="UploadSession.HashState"/>),
/// so completing an upload of any number of chunks reads no byte back.
/// See https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pushing-blobs.
/// </summary>
public sealed class UploadService(IUploadStore uploads, IBlobStore blobs, IRepositoryCatalog catalog)
{
    public Task<UploadSession> StartAsync(RepositoryName repository, CancellationToken cancellationToken) =>
        uploads.CreateAsync(repository, cancellationToken);

    public async Task<Result<UploadSession>> GetAsync(RepositoryName repository, UploadId id, CancellationToken cancellationToken) =>
        await uploads.GetAsync(repository, id, cancellationToken) is { } session
            ? session
            : ErrorCode.BlobUploadUnknown.With($"upload {id} is unknown");

    /// <summary>
    /// Appends a chunk. <paramref name="start"/> (from Content-Range) must equal the bytes received so
    /// far; <paramref name="length"/> (from Content-Length) must equal the bytes that arrive.
    /// </summary>
    public async Task<Result<UploadSession>> AppendAsync(
        RepositoryName repository, UploadId id, Stream content, long? start, long? length, CancellationToken cancellationToken)
    {
        var found = await GetAsync(repository, id, cancellationToken);
        if (found.Value is not { } session)
        {
            return found;
        }

        var staged = await StageAsync(session, content, start, length, cancellationToken);
        return staged.Value is { } updated ? await SaveAsync(session, updated, cancellationToken) : staged;
    }

    /// <summary>Completes an upload, with an optional last chunk, once size and digest check out.</summary>
    public async Task<Result<BlobInfo>> CompleteAsync(
        RepositoryName repository, UploadId id, Digest digest, Stream content, long? length, CancellationToken cancellationToken)
    {
        var found = await GetAsync(repository, id, cancellationToken);
        if (found.Value is not { } session)
        {
            return found.Error!;
        }

        // The last chunk is staged but not saved: publishing ends the session at the version just read.
        if (length is not 0)
        {
            var staged = await StageAsync(session, content, null, length, cancellationToken);
            if (staged.Value is not { } updated)
            {
                return staged.Error!;
            }

            session = updated;
        }

        return await FinishAsync(session, digest, cancellationToken);
    }

    /// <summary>A monolithic upload: the whole blob in the POST that opens the session.</summary>
    public async Task<Result<BlobInfo>> UploadAsync(
        RepositoryName repository, Digest digest, Stream content, long? length, CancellationToken cancellationToken)
    {
        var session = await StartAsync(repository, cancellationToken);
        var staged = await StageAsync(session, content, null, length, cancellationToken);
        if (staged.Value is not { } updated)
        {
            await uploads.DeleteAsync(session, cancellationToken);
            return staged.Error!;
        }

        return await FinishAsync(updated, digest, cancellationToken);
    }

    public async Task<Result<UploadSession>> CancelAsync(RepositoryName repository, UploadId id, CancellationToken cancellationToken)
    {
        var found = await GetAsync(repository, id, cancellationToken);
        if (found.Value is { } session)
        {
            await uploads.DeleteAsync(session, cancellationToken);
        }

        return found;
    }

    /// <summary>Mounts a blob from another repository; null when the source does not hold it.</summary>
    public async Task<BlobInfo?> MountAsync(RepositoryName from, RepositoryName to, Digest digest, CancellationToken cancellationToken)
    {
        var blob = await blobs.MountAsync(from, to, digest, cancellationToken);
        if (blob is not null)
        {
            await catalog.AddAsync(to, cancellationToken);
        }

        return blob;
    }

    /// <summary>Publishes the session's bytes if their digest is <paramref name="digest"/>; otherwise drops them.</summary>
    private async Task<Result<BlobInfo>> FinishAsync(UploadSession session, Digest digest, CancellationToken cancellationToken)
    {
        if (Resume(session) is not { } hash)
        {
            return NoHashState(session);
        }

        var actual = hash.GetDigest();
        if (actual != digest)
        {
            await uploads.DeleteAsync(session, cancellationToken);
            return ErrorCode.DigestInvalid.With($"the uploaded content has digest {actual}, not {digest}");
        }

        if (await uploads.PublishAsync(session, digest, cancellationToken) is not { } blob)
        {
            return ErrorCode.BlobUploadUnknown.With($"upload {session.Id} was completed, cancelled or changed by another request");
        }

        await catalog.AddAsync(session.Repository, cancellationToken);
        return blob;
    }

    /// <summary>
    /// Streams a chunk into staged blocks, hashing it on the way; returns the session as it will be
    /// once the chunk is recorded (by <see cref="SaveAsync"/>, or by publishing).
    /// </summary>
    private async Task<Result<UploadSession>> StageAsync(
        UploadSession session, Stream content, long? start, long? length, CancellationToken cancellationToken)
    {
        if (start is { } first && first != session.Offset)
        {
            return RangeError(session, $"the chunk starts at {first}, the upload is at {session.Offset}");
        }

        if (Resume(session) is not { } hash)
        {
            return NoHashState(session);
        }

        using var hashing = new HashingReadStream(content, hash);
        var segment = await uploads.StageAsync(session, hashing, cancellationToken);
        if (length is { } expected && expected != segment.Length)
        {
            return ErrorCode.SizeInvalid.With($"Content-Length says {expected} bytes, {segment.Length} arrived");
        }

        if (segment.Length == 0)
        {
            return session;
        }

        if (hash.Length != session.Offset + segment.Length)
        {
            throw new InvalidOperationException($"upload {session.Id}: {segment.Length} bytes were staged but {hash.Length - session.Offset} hashed");
        }

        return session with
        {
            Offset = session.Offset + segment.Length,
            Segments = [.. session.Segments, segment],
            HashState = hash.ExportState(),
        };
    }

    /// <summary>Records a staged chunk if nobody changed the upload meanwhile (an empty chunk changes nothing).</summary>
    private async Task<Result<UploadSession>> SaveAsync(UploadSession session, UploadSession updated, CancellationToken cancellationToken)
    {
        if (ReferenceEquals(session, updated))
        {
            return session;
        }

        return await uploads.SaveAsync(updated, cancellationToken) is { } saved
            ? saved
            : RangeError(session, "another request changed this upload at the same time");
    }

    /// <summary>
    /// The SHA-256 of bytes [0, Offset) of the upload, continued from its saved state; null when an
    /// upload with bytes has no state (started by a version that did not save it).
    /// </summary>
    /// <exception cref="HashStateFormatException">The saved state is damaged.</exception>
    private static IResumableSha256? Resume(UploadSession session)
    {
        if (session.HashState is not { } state)
        {
            return session.Offset == 0 ? ResumableSha256.Create() : null;
        }

        var hash = ResumableSha256.Import(state);
        return hash.Length == session.Offset
            ? hash
            : throw new InvalidOperationException($"upload {session.Id} is at {session.Offset} bytes but its hash state at {hash.Length}");
    }

    private static RegistryError NoHashState(UploadSession session) =>
        ErrorCode.BlobUploadInvalid.With($"upload {session.Id} has no saved digest state (a registry update happened during it): start it again");

    private static RegistryError RangeError(UploadSession session, string detail) =>
        ErrorCode.RangeInvalid.With($"{detail} (upload {session.Id})");
}
