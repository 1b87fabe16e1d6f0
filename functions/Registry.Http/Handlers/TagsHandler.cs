using Microsoft.AspNetCore.Http;
using Registry.Core;
using Registry.Core.Manifests;
using Registry.Http.Responses;

namespace Registry.Http.Handlers;

/// <summary>
/// <c>GET /v2/&lt;name&gt;/tags/list</c> with <c>n</c>, <c>last</c> and a <c>Link</c> to the next page.
/// See https://github.com/opencontainers/distribution-spec/blob/main/spec.md#listing-tags.
/// </summary>
public sealed class TagsHandler(ManifestService manifests)
{
    public async Task ListTags(HttpContext context, RepositoryName repository)
    {
        var paging = Pagination.Read(context.Request);
        if (paging.Error is { } invalid)
        {
            await ErrorWriter.WriteAsync(context, invalid);
            return;
        }

        var (limit, last) = paging.Value;
        var page = await manifests.ListTagsAsync(repository, limit, last, context.RequestAborted);
        if (page.Value is not { } tags)
        {
            await ErrorWriter.WriteAsync(context, page.Error!);
            return;
        }

        if (tags.HasMore && tags.Items.Count > 0)
        {
            Pagination.SetNextLink(context.Response, Locations.Tags(repository), limit, tags.Items[^1].Value);
        }

        await JsonBody.WriteAsync(context, "application/json", json =>
        {
            json.WriteStartObject();
            json.WriteString("name", repository.Value);
            json.WriteStartArray("tags");
            foreach (var tag in tags.Items)
            {
                json.WriteStringValue(tag.Value);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
    }
}
