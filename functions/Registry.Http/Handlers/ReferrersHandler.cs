using Microsoft.AspNetCore.Http;
using Registry.Core;
using Registry.Core.Errors;
using Registry.Core.Manifests;
using Registry.Http.Responses;

namespace Registry.Http.Handlers;

/// <summary>
/// <c>GET /v2/&lt;name&gt;/referrers/&lt;digest&gt;</c>: an image index of the manifests whose subject
/// is the digest, optionally filtered by <c>artifactType</c>; empty (200) when there are none.
/// See https://github.com/opencontainers/distribution-spec/blob/main/spec.md#listing-referrers.
/// </summary>
public sealed class ReferrersHandler(ManifestService manifests)
{
    public async Task ListReferrers(HttpContext context, RepositoryName repository, string argument)
    {
        if (!Digest.TryParse(argument, out var subject, out var reason))
        {
            await ErrorWriter.WriteAsync(context, ErrorCode.DigestInvalid.With(reason));
            return;
        }

        var artifactType = context.Request.Query["artifactType"].ToString();
        var filter = artifactType.Length > 0 ? artifactType : null;
        var referrers = await manifests.ListReferrersAsync(repository, subject, filter, context.RequestAborted);
        if (filter is not null)
        {
            context.Response.Headers[RegistryHeaders.FiltersApplied] = "artifactType";
        }

        await JsonBody.WriteAsync(context, MediaTypes.OciIndex, json =>
        {
            json.WriteStartObject();
            json.WriteNumber("schemaVersion", 2);
            json.WriteString("mediaType", MediaTypes.OciIndex);
            json.WriteStartArray("manifests");
            foreach (var referrer in referrers)
            {
                json.WriteStartObject();
                json.WriteString("mediaType", referrer.MediaType);
                json.WriteString("digest", referrer.Digest.ToString());
                json.WriteNumber("size", referrer.Size);
                if (referrer.ArtifactType is not null)
                {
                    json.WriteString("artifactType", referrer.ArtifactType);
                }

                if (referrer.Annotations is { Count: > 0 } annotations)
                {
                    json.WriteStartObject("annotations");
                    foreach (var (key, value) in annotations)
                    {
                        json.WriteString(key, value);
                    }

                    json.WriteEndObject();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
    }
}
