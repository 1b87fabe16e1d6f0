using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Registry.Core;
using Registry.Core.Errors;
using Registry.Core.Storage;
using Registry.Http.Responses;

namespace Registry.Http.Handlers;

/// <summary>
/// <c>/v2/&lt;name&gt;/blobs/&lt;digest&gt;</c>: HEAD, GET (with Range) and DELETE. A GET of a blob the
/// repository holds answers <c>307</c> to a short-lived read-only storage URL when
/// <see cref="BlobDownloadOptions.RedirectDownloads"/> is on and the store can sign one; otherwise the
/// bytes stream through the host. HEAD always answers here.
/// See https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-blobs.
/// </summary>
public sealed class BlobHandler(IBlobStore blobs, IOptions<BlobDownloadOptions> options)
{
    private const int CopyBufferSize = 81920;

    public async Task GetBlob(HttpContext context, RepositoryName repository, string argument)
    {
        if (!Digest.TryParse(argument, out var digest, out var reason))
        {
            await ErrorWriter.WriteAsync(context, ErrorCode.DigestInvalid.With(reason));
            return;
        }

        var cancellationToken = context.RequestAborted;
        var download = options.Value;
        if (download.RedirectDownloads && HttpMethods.IsGet(context.Request.Method) && StorageServesRange(context.Request.Headers.Range)
            && await blobs.GetDownloadUriAsync(repository, digest, download.RedirectLifetime, cancellationToken) is { } location)
        {
            // The store returns a URL only for a blob this repository holds. Clients follow it without
            // the registry's Authorization header (another host), and send their Range header there.
            context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
            context.Response.Headers.Location = location.AbsoluteUri;
            context.Response.Headers[RegistryHeaders.ContentDigest] = digest.ToString();
            context.Response.ContentLength = 0;
            return;
        }

        if (await blobs.StatAsync(repository, digest, cancellationToken) is not { } blob)
        {
            await ErrorWriter.WriteAsync(context, Unknown(repository, digest));
            return;
        }

        var response = context.Response;
        response.Headers[RegistryHeaders.ContentDigest] = digest.ToString();
        response.Headers.AcceptRanges = "bytes";
        response.Headers.ETag = $"\"{digest}\"";

        var (offset, length) = (0L, blob.Size);
        if (context.Request.Headers.Range.Count > 0)
        {
            if (!TryResolveRange(context.Request.Headers.Range.ToString(), blob.Size, out offset, out length))
            {
                response.Headers.ContentRange = $"bytes */{blob.Size.ToString(CultureInfo.InvariantCulture)}";
                await ErrorWriter.WriteAsync(context, ErrorCode.RangeInvalid.With($"the blob has {blob.Size} bytes"));
                return;
            }

            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = new ContentRangeHeaderValue(offset, offset + length - 1, blob.Size).ToString();
        }

        response.ContentType = "application/octet-stream";
        response.ContentLength = length;
        if (HttpMethods.IsHead(context.Request.Method) || length == 0)
        {
            return;
        }

        await using var content = await blobs.OpenReadAsync(repository, digest, offset, length, cancellationToken);
        if (content is null)
        {
            // Unlinked between the stat and the read.
            response.Headers.Remove(HeaderNames.ContentRange);
            await ErrorWriter.WriteAsync(context, Unknown(repository, digest));
            return;
        }

        await content.CopyToAsync(response.Body, CopyBufferSize, cancellationToken);
    }

    public async Task DeleteBlob(HttpContext context, RepositoryName repository, string argument)
    {
        if (!Digest.TryParse(argument, out var digest, out var reason))
        {
            await ErrorWriter.WriteAsync(context, ErrorCode.DigestInvalid.With(reason));
            return;
        }

        if (!await blobs.UnlinkAsync(repository, digest, context.RequestAborted))
        {
            await ErrorWriter.WriteAsync(context, Unknown(repository, digest));
            return;
        }

        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.ContentLength = 0;
    }

    private static RegistryError Unknown(RepositoryName repository, Digest digest) =>
        ErrorCode.BlobUnknown.With($"blob {digest} is not in repository {repository}");

    /// <summary>
    /// Whether storage answers the request's Range as this handler would: no Range, or one
    /// <c>bytes=first-</c> / <c>bytes=first-last</c> range. Blob Storage takes no suffix range
    /// (<c>bytes=-N</c>) and no multiple ranges, so those, and malformed ones, are answered here.
    /// See https://learn.microsoft.com/rest/api/storageservices/specifying-the-range-header-for-blob-service-operations.
    /// </summary>
    internal static bool StorageServesRange(StringValues range) =>
        range.Count == 0
        || (range.Count == 1 && RangeHeaderValue.TryParse(range.ToString(), out var parsed)
            && parsed.Unit == "bytes" && parsed.Ranges.Count == 1 && parsed.Ranges.First().From is not null);

    /// <summary>Resolves one <c>bytes=</c> range against the blob size; false when unsatisfiable.</summary>
    internal static bool TryResolveRange(string header, long size, out long offset, out long length)
    {
        offset = 0;
        length = 0;
        if (!RangeHeaderValue.TryParse(header, out var range) || range.Unit != "bytes" || range.Ranges.Count != 1)
        {
            return false;
        }

        var item = range.Ranges.First();
        if (item.From is { } from)
        {
            var to = Math.Min(item.To ?? size - 1, size - 1);
            if (from >= size || to < from)
            {
                return false;
            }

            (offset, length) = (from, to - from + 1);
            return true;
        }

        if (item.To is { } suffix && suffix > 0 && size > 0)
        {
            length = Math.Min(suffix, size);
            offset = size - length;
            return true;
        }

        return false;
    }
}
