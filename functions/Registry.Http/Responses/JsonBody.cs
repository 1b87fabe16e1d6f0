using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Registry.Http.Responses;

/// <summary>Writes small JSON documents (tag lists, catalogs, referrers) with an exact Content-Length.</summary>
public static class JsonBody
{
    public static async Task WriteAsync(HttpContext context, string contentType, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            write(json);
        }

        context.Response.ContentType = contentType;
        context.Response.ContentLength = buffer.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted);
        }
    }
}
