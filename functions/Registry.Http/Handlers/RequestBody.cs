using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Registry.Http.Handlers;

internal static class RequestBody
{
    /// <summary>The announced body length (Content-Length); null when unannounced (chunked, HTTP/2), and then the body is read to its end.</summary>
    public static long? Length(HttpRequest request) => request.ContentLength;

    /// <summary>Layers may be any size: lift the server's request body cap for this request.</summary>
    public static void AllowUnlimited(HttpContext context)
    {
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = null;
        }
    }
}
