using Microsoft.AspNetCore.Http;
using Registry.Core.Storage;
using Registry.Http.Responses;

namespace Registry.Http.Handlers;

/// <summary>
/// <c>GET /v2/_catalog</c> with <c>n</c>, <c>last</c> and a <c>Link</c> to the next page.
/// See https://distribution.github.io/distribution/spec/api/#catalog.
/// </summary>
public sealed class CatalogHandler(IRepositoryCatalog catalog)
{
    public async Task ListRepositories(HttpContext context)
    {
        var paging = Pagination.Read(context.Request);
        if (paging.Error is { } invalid)
        {
            await ErrorWriter.WriteAsync(context, invalid);
            return;
        }

        var (limit, last) = paging.Value;
        var page = limit == 0
            ? new Page<Core.RepositoryName>([], false)
            : await catalog.ListAsync(limit, last, context.RequestAborted);
        if (page.HasMore && page.Items.Count > 0)
        {
            Pagination.SetNextLink(context.Response, Locations.Catalog, limit, page.Items[^1].Value);
        }

        await JsonBody.WriteAsync(context, "application/json", json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("repositories");
            foreach (var name in page.Items)
            {
                json.WriteStringValue(name.Value);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
    }
}
