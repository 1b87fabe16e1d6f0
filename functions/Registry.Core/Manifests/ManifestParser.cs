using System.Text.Json;
using Registry.Core.Errors;

namespace Registry.Core.Manifests;

/// <summary>
/// Validates a pushed manifest and extracts what it references.
/// Supports OCI image manifests and indexes (https://github.com/opencontainers/image-spec/blob/main/manifest.md,
/// .../image-index.md), Docker schema2 manifests and manifest lists, and artifacts
/// (<c>artifactType</c>, <c>subject</c>).
/// </summary>
public static class ManifestParser
{
    public static Result<ParsedManifest> Parse(ReadOnlyMemory<byte> content, string? contentType)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content);
        }
        catch (JsonException e)
        {
            return ErrorCode.ManifestInvalid.With($"manifest is not valid JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ErrorCode.ManifestInvalid.With("manifest must be a JSON object");
            }

            var mediaType = ResolveMediaType(root, contentType, out var mediaTypeError);
            if (mediaType is null)
            {
                return mediaTypeError!;
            }

            if (!root.TryGetProperty("schemaVersion", out var schema) || schema.ValueKind != JsonValueKind.Number
                || !schema.TryGetInt32(out var version) || version != 2)
            {
                return ErrorCode.ManifestInvalid.With("schemaVersion must be 2");
            }

            var blobs = new List<Digest>();
            var manifests = new List<Digest>();
            string? configMediaType = null;
            if (MediaTypes.IsIndex(mediaType))
            {
                var error = ReadDescriptors(root, "manifests", required: true, manifests, skipForeign: false);
                if (error is not null)
                {
                    return error;
                }
            }
            else
            {
                if (!root.TryGetProperty("config", out var config))
                {
                    return ErrorCode.ManifestInvalid.With("an image manifest must have a config descriptor");
                }

                var configError = ReadDescriptor(config, "config", out var configDigest, out configMediaType);
                if (configError is not null)
                {
                    return configError;
                }

                blobs.Add(configDigest);
                var error = ReadDescriptors(root, "layers", required: mediaType == MediaTypes.DockerManifest, blobs, skipForeign: true);
                if (error is not null)
                {
                    return error;
                }
            }

            Digest? subject = null;
            if (root.TryGetProperty("subject", out var subjectElement))
            {
                var error = ReadDescriptor(subjectElement, "subject", out var subjectDigest, out _);
                if (error is not null)
                {
                    return error;
                }

                subject = subjectDigest;
            }

            string? artifactType = null;
            if (root.TryGetProperty("artifactType", out var artifactElement))
            {
                if (artifactElement.ValueKind != JsonValueKind.String)
                {
                    return ErrorCode.ManifestInvalid.With("artifactType must be a string");
                }

                artifactType = artifactElement.GetString();
            }

            // The referrers API reports config.mediaType when an image manifest has no artifactType.
            artifactType ??= MediaTypes.IsImageManifest(mediaType) ? configMediaType : null;

            var annotations = ReadAnnotations(root, out var annotationsError);
            if (annotationsError is not null)
            {
                return annotationsError;
            }

            return new ParsedManifest(mediaType, Digest.Compute(content.Span), content, blobs, manifests, subject, artifactType, annotations);
        }
    }

    private static string? ResolveMediaType(JsonElement root, string? contentType, out RegistryError? error)
    {
        error = null;
        string? declared = null;
        if (root.TryGetProperty("mediaType", out var element))
        {
            if (element.ValueKind != JsonValueKind.String)
            {
                error = ErrorCode.ManifestInvalid.With("mediaType must be a string");
                return null;
            }

            declared = element.GetString();
        }

        var header = StripParameters(contentType);
        if (declared is not null && header is not null && declared != header)
        {
            error = ErrorCode.ManifestInvalid.With($"Content-Type '{header}' does not match the manifest's mediaType '{declared}'");
            return null;
        }

        var mediaType = declared ?? header;
        if (mediaType is null)
        {
            error = ErrorCode.ManifestInvalid.With("the manifest has no mediaType and the request no Content-Type");
            return null;
        }

        if (!MediaTypes.IsManifest(mediaType))
        {
            error = ErrorCode.ManifestInvalid.With($"unsupported manifest media type '{mediaType}'");
            return null;
        }

        return mediaType;
    }

    private static string? StripParameters(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
    }

    private static RegistryError? ReadDescriptors(JsonElement root, string property, bool required, List<Digest> into, bool skipForeign)
    {
        if (!root.TryGetProperty(property, out var array))
        {
            return required ? ErrorCode.ManifestInvalid.With($"'{property}' is required") : null;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            return ErrorCode.ManifestInvalid.With($"'{property}' must be an array");
        }

        foreach (var item in array.EnumerateArray())
        {
            var error = ReadDescriptor(item, property, out var digest, out _);
            if (error is not null)
            {
                return error;
            }

            // Non-distributable (foreign) layers live elsewhere: their urls say where.
            if (skipForeign && item.TryGetProperty("urls", out var urls) && urls.ValueKind == JsonValueKind.Array && urls.GetArrayLength() > 0)
            {
                continue;
            }

            into.Add(digest);
        }

        return null;
    }

    private static RegistryError? ReadDescriptor(JsonElement element, string where, out Digest digest, out string? mediaType)
    {
        digest = default;
        mediaType = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            return ErrorCode.ManifestInvalid.With($"a descriptor in '{where}' must be an object");
        }

        if (!element.TryGetProperty("mediaType", out var type) || type.ValueKind != JsonValueKind.String)
        {
            return ErrorCode.ManifestInvalid.With($"a descriptor in '{where}' has no mediaType");
        }

        mediaType = type.GetString();
        if (!element.TryGetProperty("size", out var size) || size.ValueKind != JsonValueKind.Number
            || !size.TryGetInt64(out var length) || length < 0)
        {
            return ErrorCode.ManifestInvalid.With($"a descriptor in '{where}' has no valid size");
        }

        if (!element.TryGetProperty("digest", out var value) || value.ValueKind != JsonValueKind.String
            || !Digest.TryParse(value.GetString(), out digest, out var reason))
        {
            return ErrorCode.ManifestInvalid.With($"a descriptor in '{where}' has no valid digest");
        }

        _ = reason;
        return null;
    }

    private static Dictionary<string, string>? ReadAnnotations(JsonElement root, out RegistryError? error)
    {
        error = null;
        if (!root.TryGetProperty("annotations", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            error = ErrorCode.ManifestInvalid.With("annotations must be an object of strings");
            return null;
        }

        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                error = ErrorCode.ManifestInvalid.With("annotations must be an object of strings");
                return null;
            }

            annotations[property.Name] = property.Value.GetString()!;
        }

        return annotations;
    }
}
