using System.Security.Cryptography;
using Registry.Core.Errors;
using Registry.Core.Storage;

namespace Registry.Core.Uploads;

/// <summary>
/// The blob-upload rules of the spec: sessions, chunks in order, completion only when size and
/// digest check out, and cross-repository mounts.
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

        return await AppendAsync(session, content, start, length, cancellationToken);
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

        if (length is not 0)
        {
            var appended = await AppendAsync(session, content, null, length, cancellationToken);
            if (appended.Value is not { } updated)
            {
                return appended.Error!;
            }

            session = updated;
        }

        var actual = await DigestOfAsync(session, cancellationToken);
        if (actual != digest)
        {
            await uploads.DeleteAsync(session, cancellationToken);
            return ErrorCode.DigestInvalid.With($"the uploaded content has digest {actual}, not {digest}");
        }

        var blob = await uploads.PublishAsync(session, digest, cancellationToken);
        await catalog.AddAsync(repository, cancellationToken);
        return blob;
    }

    /// <summary>A monolithic upload: the whole blob in the POST that opens the session.</summary>
    public async Task<Result<BlobInfo>> UploadAsync(
        RepositoryName repository, Digest digest, Stream content, long? length, CancellationToken cancellationToken)
    {
        var session = await StartAsync(repository, cancellationToken);
        var appended = await AppendAsync(session, content, null, length, cancellationToken);
        if (appended.Value is null)
        {
            await uploads.DeleteAsync(session, cancellationToken);
            return appended.Error!;
        }

        return await CompleteAsync(repository, session.Id, digest, Stream.Null, 0, cancellationToken);
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

    private async Task<Result<UploadSession>> AppendAsync(
        UploadSession session, Stream content, long? start, long? length, CancellationToken cancellationToken)
    {
        if (start is { } first && first != session.Offset)
        {
            return RangeError(session, $"the chunk starts at {first}, the upload is at {session.Offset}");
        }

        using var hashing = new HashingReadStream(content);
        var segment = await uploads.StageAsync(session, hashing, cancellationToken);
        if (length is { } expected && expected != segment.Length)
        {
            return ErrorCode.SizeInvalid.With($"Content-Length says {expected} bytes, {segment.Length} arrived");
        }

        if (segment.Length == 0)
        {
            return session;
        }

        var updated = session with
        {
            Offset = session.Offset + segment.Length,
            Segments = [.. session.Segments, segment],
            DigestSoFar = session.Offset == 0 ? hashing.GetDigest() : null,
        };
        return await uploads.SaveAsync(updated, cancellationToken) is { } saved
            ? saved
            : RangeError(session, "another request changed this upload at the same time");
    }

    private async Task<Digest> DigestOfAsync(UploadSession session, CancellationToken cancellationToken)
    {
        if (session.Segments.Count == 0)
        {
            return Digest.Compute([]);
        }

        if (session.Segments.Count == 1 && session.DigestSoFar is { } known)
        {
            return known;
        }

        // Several chunks: the native hash cannot carry its state across requests, so read the
        // staged bytes back once. (Carrying the state instead is the performance issue's work.)
        await using var staged = await uploads.OpenStagedAsync(session, cancellationToken);
        return Digest.FromSha256(await SHA256.HashDataAsync(staged, cancellationToken));
    }

    private static RegistryError RangeError(UploadSession session, string detail) =>
        ErrorCode.RangeInvalid.With($"{detail} (upload {session.Id})");
}
