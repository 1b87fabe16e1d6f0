using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Registry.Core.Errors;

namespace Registry.Http.Responses;

/// <summary>
/// The one writer of the error body <c>{"errors":[{"code","message","detail"}]}</c>.
/// See https://github.com/opencontainers/distribution-spec/blob/main/spec.md#error-codes.
/// </summary>
public static class ErrorWriter
{
    public static async Task WriteAsync(HttpContext context, RegistryError error)
    {
        var response = context.Response;
        response.StatusCode = error.Code.Status;
        var body = Serialize(error);
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(body, context.RequestAborted);
        }
    }

    public static byte[] Serialize(RegistryError error)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("errors");
            json.WriteStartObject();
            json.WriteString("code", error.Code.Code);
            json.WriteString("message", error.Message);
            if (error.Detail is null)
            {
                json.WriteNull("detail");
            }
            else
            {
                json.WriteString("detail", error.Detail);
            }

            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
