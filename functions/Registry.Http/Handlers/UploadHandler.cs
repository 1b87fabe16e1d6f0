using System.Globalization;
using Microsoft.AspNetCore.Http;
using Registry.Core;
using Registry.Core.Errors;
using Registry.Core.Storage;
using Registry.Core.Uploads;
using Registry.Http.Access;
using Registry.Http.Responses;

namespace Registry.Http.Handlers;

/// <summary>
/// <c>/v2/&lt;name&gt;/blobs/uploads/</c>: open (POST, monolithic POST, mount), PATCH, PUT, status, cancel.
/// See https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pushing-blobs.
/// </summary>
public sealed class UploadHandler(UploadService uploads, IAccessGate gate)
{
    /// <summary>Advertised smallest chunk; we accept any size, this only discourages tiny PATCHes.</summary>
    public const int ChunkMinLength = 64 * 1024;

    public async Task StartUpload(HttpContext context, RepositoryName repository)
    {
        var query = context.Request.Query;
        var cancellationToken = context.RequestAborted;
        if (query.ContainsKey("mount"))
        {
            if (!Digest.TryParse(query["mount"], out var mount, out var reason))
            {
                await ErrorWriter.WriteAsync(context, ErrorCode.DigestInvalid.With(reason));
                return;
            }

            if (await TryMountAsync(context, repository, mount))
            {
                return;
            }
        }
        else if (query.ContainsKey("digest"))
        {
            await UploadMonolithic(context, repository);
            return;
        }

        var session = await uploads.StartAsync(repository, cancellationToken);
        WriteSession(context, session, StatusCodes.Status202Accepted);
        context.Response.Headers[RegistryHeaders.ChunkMinLength] = ChunkMinLength.ToString(CultureInfo.InvariantCulture);
    }

    public async Task PatchUpload(HttpContext context, RepositoryName repository, string argument)
    {
        if (!UploadId.TryParse(argument, out var id))
        {
            await ErrorWriter.WriteAsync(context, UnknownUpload(argument));
            return;
        }

        var length = RequestBody.Length(context.Request);
        long? start = null;
        var contentRange = context.Request.Headers[RegistryHeaders.ContentRange].ToString();
        if (contentRange.Length > 0)
        {
            if (!TryParseChunkRange(contentRange, out var first, out var last) || (length is { } n && n != last - first + 1))
            {
                await WriteRangeError(context, repository, id, ErrorCode.RangeInvalid.With($"Content-Range '{contentRange}' does not match the body"));
                return;
            }

            start = first;
        }

        RequestBody.AllowUnlimited(context);
        var appended = await uploads.AppendAsync(repository, id, context.Request.Body, start, length, context.RequestAborted);
        if (appended.Value is not { } session)
        {
            await WriteRangeError(context, repository, id, appended.Error!);
            return;
        }

        WriteSession(context, session, StatusCodes.Status202Accepted);
    }

    public async Task CompleteUpload(HttpContext context, RepositoryName repository, string argument)
    {
        if (!UploadId.TryParse(argument, out var id))
        {
            await ErrorWriter.WriteAsync(context, UnknownUpload(argument));
            return;
        }

        if (!Digest.TryParse(context.Request.Query["digest"], out var digest, out var reason))
        {
            await ErrorWriter.WriteAsync(context, ErrorCode.DigestInvalid.With(reason));
            return;
        }

        RequestBody.AllowUnlimited(context);
        var completed = await uploads.CompleteAsync(
            repository, id, digest, context.Request.Body, RequestBody.Length(context.Request), context.RequestAborted);
        await WriteCompleted(context, repository, completed);
    }

    public async Task GetUploadStatus(HttpContext context, RepositoryName repository, string argument)
    {
        Result<UploadSession> found = UploadId.TryParse(argument, out var id)
            ? await uploads.GetAsync(repository, id, context.RequestAborted)
            : UnknownUpload(argument);
        if (found.Value is not { } session)
        {
            await ErrorWriter.WriteAsync(context, found.Error!);
            return;
        }

        WriteSession(context, session, StatusCodes.Status204NoContent);
    }

    public async Task CancelUpload(HttpContext context, RepositoryName repository, string argument)
    {
        Result<UploadSession> cancelled = UploadId.TryParse(argument, out var id)
            ? await uploads.CancelAsync(repository, id, context.RequestAborted)
            : UnknownUpload(argument);
        if (!cancelled.IsSuccess)
        {
            await ErrorWriter.WriteAsync(context, cancelled.Error!);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>Parses a PATCH <c>Content-Range</c>: <c>start-end</c>, leniently also <c>bytes start-end[/size]</c>.</summary>
    internal static bool TryParseChunkRange(string value, out long start, out long end)
    {
        start = end = 0;
        var text = value.Trim();
        if (text.StartsWith("bytes", StringComparison.OrdinalIgnoreCase))
        {
            text = text[5..].TrimStart(' ', '=');
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            text = text[..slash];
        }

        var dash = text.IndexOf('-', StringComparison.Ordinal);
        return dash > 0
            && long.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out start)
            && long.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out end)
            && end >= start;
    }

    private async Task UploadMonolithic(HttpContext context, RepositoryName repository)
    {
        if (!Digest.TryParse(context.Request.Query["digest"], out var digest, out var reason))
        {
            await ErrorWriter.WriteAsync(context, ErrorCode.DigestInvalid.With(reason));
            return;
        }

        RequestBody.AllowUnlimited(context);
        var uploaded = await uploads.UploadAsync(
            repository, digest, context.Request.Body, RequestBody.Length(context.Request), context.RequestAborted);
        await WriteCompleted(context, repository, uploaded);
    }

    /// <summary>
    /// Mounts when the caller may also pull the source and the source holds the blob (201); otherwise
    /// the caller silently gets a normal upload session. (No challenge for the source: clients such as
    /// the .NET SDK hold one scope per token and could never satisfy one naming two repositories.)
    /// </summary>
    private async Task<bool> TryMountAsync(HttpContext context, RepositoryName repository, Digest digest)
    {
        if (!RepositoryName.TryParse(context.Request.Query["from"], out var from, out _)
            || !await gate.HasAsync(context, AccessRequirement.Repository(from, RegistryAction.Pull)))
        {
            return false;
        }

        if (await uploads.MountAsync(from, repository, digest, context.RequestAborted) is not { } blob)
        {
            return false;
        }

        WriteBlobCreated(context, repository, blob);
        return true;
    }

    private static async Task WriteCompleted(HttpContext context, RepositoryName repository, Result<BlobInfo> completed)
    {
        if (completed.Value is not { } blob)
        {
            await ErrorWriter.WriteAsync(context, completed.Error!);
            return;
        }

        WriteBlobCreated(context, repository, blob);
    }

    private static void WriteBlobCreated(HttpContext context, RepositoryName repository, BlobInfo blob)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status201Created;
        response.Headers.Location = Locations.Blob(repository, blob.Digest);
        response.Headers[RegistryHeaders.ContentDigest] = blob.Digest.ToString();
        response.ContentLength = 0;
    }

    private static void WriteSession(HttpContext context, UploadSession session, int status)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.Headers.Location = Locations.Upload(session.Repository, session.Id);
        response.Headers[RegistryHeaders.Range] = RangeOf(session.Offset);
        response.Headers[RegistryHeaders.UploadUuid] = session.Id.ToString();
        response.ContentLength = 0;
    }

    /// <summary>A 416 carries the current <c>Range</c> so the client can resume.</summary>
    private async Task WriteRangeError(HttpContext context, RepositoryName repository, UploadId id, RegistryError error)
    {
        if (error.Code == ErrorCode.RangeInvalid && await uploads.GetAsync(repository, id, context.RequestAborted) is { Value: { } session })
        {
            context.Response.Headers.Location = Locations.Upload(repository, id);
            context.Response.Headers[RegistryHeaders.Range] = RangeOf(session.Offset);
            context.Response.Headers[RegistryHeaders.UploadUuid] = id.ToString();
        }

        await ErrorWriter.WriteAsync(context, error);
    }

    /// <summary>The inclusive range received so far, <c>0-(offset-1)</c>; <c>0-0</c> before any byte, as Docker does.</summary>
    private static string RangeOf(long offset) =>
        $"0-{Math.Max(0, offset - 1).ToString(CultureInfo.InvariantCulture)}";

    private static RegistryError UnknownUpload(string argument) => ErrorCode.BlobUploadUnknown.With($"upload {argument} is unknown");
}
