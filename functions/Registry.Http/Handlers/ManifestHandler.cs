using Microsoft.AspNetCore.Http;
using Registry.Core;
using Registry.Core.Errors;
using Registry.Core.Manifests;
using Registry.Http.Responses;

namespace Registry.Http.Handlers;

/// <summary>
/// <c>/v2/&lt;name&gt;/manifests/&lt;reference&gt;</c>: GET, HEAD, PUT, DELETE. Manifests are served
/// byte for byte as pushed, with the media type they were pushed with.
/// See https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests.
/// </summary>
public sealed class ManifestHandler(ManifestService manifests)
{
    public async Task GetManifest(HttpContext context, RepositoryName repository, string argument)
    {
        var reference = ParseReference(argument);
        if (reference.Error is { } invalid)
        {
            await ErrorWriter.WriteAsync(context, invalid);
            return;
        }

        var found = await manifests.GetAsync(repository, reference.Value, context.RequestAborted);
        if (found.Value is not { } manifest)
        {
            await ErrorWriter.WriteAsync(context, found.Error!);
            return;
        }

        var response = context.Response;
        response.ContentType = manifest.MediaType;
        response.ContentLength = manifest.Size;
        response.Headers[RegistryHeaders.ContentDigest] = manifest.Digest.ToString();
        response.Headers.ETag = $"\"{manifest.Digest}\"";
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(manifest.Content, context.RequestAborted);
        }
    }

    public async Task PutManifest(HttpContext context, RepositoryName repository, string argument)
    {
        var reference = ParseReference(argument);
        if (reference.Error is { } invalid)
        {
            await ErrorWriter.WriteAsync(context, invalid);
            return;
        }

        var content = await ReadCappedAsync(context.Request, context.RequestAborted);
        if (content is null)
        {
            await ErrorWriter.WriteAsync(context, ErrorCode.ManifestTooLarge.With($"a manifest may have at most {ManifestLimits.MaxSize} bytes"));
            return;
        }

        var put = await manifests.PutAsync(repository, reference.Value, content, context.Request.ContentType, context.RequestAborted);
        if (put.Value is not { } manifest)
        {
            await ErrorWriter.WriteAsync(context, put.Error!);
            return;
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status201Created;
        response.Headers.Location = Locations.Manifest(repository, manifest.Digest);
        response.Headers[RegistryHeaders.ContentDigest] = manifest.Digest.ToString();
        if (manifest.Subject is { } subject)
        {
            response.Headers[RegistryHeaders.Subject] = subject.ToString();
        }

        response.ContentLength = 0;
    }

    public async Task DeleteManifest(HttpContext context, RepositoryName repository, string argument)
    {
        var reference = ParseReference(argument);
        var error = reference.Error ?? await manifests.DeleteAsync(repository, reference.Value, context.RequestAborted);
        if (error is not null)
        {
            await ErrorWriter.WriteAsync(context, error);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.ContentLength = 0;
    }

    private static Result<Reference> ParseReference(string argument)
    {
        if (Reference.TryParse(argument, out var reference, out var reason))
        {
            return reference;
        }

        return argument.Contains(':', StringComparison.Ordinal)
            ? ErrorCode.DigestInvalid.With(reason)
            : ErrorCode.TagInvalid.With(reason, "invalid tag");
    }

    /// <summary>Buffers the body (manifests are small and must be hashed whole); null when over the limit.</summary>
    private static async Task<byte[]?> ReadCappedAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > ManifestLimits.MaxSize)
        {
            return null;
        }

        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 4096);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > ManifestLimits.MaxSize)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
