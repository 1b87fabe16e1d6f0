using Microsoft.AspNetCore.Http;
using Registry.Http.Responses;

namespace Registry.Http.Handlers;

/// <summary>
/// <c>GET /v2/</c>: tells clients this is a registry/2.0 API (the header is set on every response).
/// See https://github.com/opencontainers/distribution-spec/blob/main/spec.md#determining-support.
/// </summary>
public static class BaseHandler
{
    public static Task CheckVersion(HttpContext context) =>
        JsonBody.WriteAsync(context, "application/json", json =>
        {
            json.WriteStartObject();
            json.WriteEndObject();
        });
}
