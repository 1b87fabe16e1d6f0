using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Registry.Http.Tests.Infrastructure;

/// <summary>Raw registry calls over HttpClient, shaped like the clients' own requests.</summary>
public static class RegistryClient
{
    public static async Task<HttpResponseMessage> StartUploadAsync(this HttpClient client, string repository, string query = "")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v2/{repository}/blobs/uploads/{query}");
        return await client.SendAsync(request);
    }

    public static async Task<string> StartUploadLocationAsync(this HttpClient client, string repository)
    {
        using var response = await client.StartUploadAsync(repository);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    /// <summary>PATCH with Content-Length (skopeo, podman) or chunked (docker) and optional Content-Range.</summary>
    public static async Task<HttpResponseMessage> PatchAsync(this HttpClient client, string location, byte[] chunk, bool chunked = false, string? contentRange = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, location) { Content = Body(chunk, chunked) };
        if (contentRange is not null)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Range", contentRange);
        }

        return await client.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> CompleteAsync(this HttpClient client, string location, string digest, byte[]? body = null, bool chunked = false)
    {
        var separator = location.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        using var request = new HttpRequestMessage(HttpMethod.Put, $"{location}{separator}digest={digest}");
        if (body is not null)
        {
            request.Content = Body(body, chunked);
        }

        return await client.SendAsync(request);
    }

    /// <summary>The skopeo way: POST, one PATCH, PUT without body. Asserts success.</summary>
    public static async Task PushBlobAsync(this HttpClient client, string repository, byte[] blob)
    {
        var location = await client.StartUploadLocationAsync(repository);
        using var patched = await client.PatchAsync(location, blob);
        Assert.Equal(HttpStatusCode.Accepted, patched.StatusCode);
        using var completed = await client.CompleteAsync(patched.Headers.Location!.OriginalString, TestContent.DigestOf(blob));
        Assert.Equal(HttpStatusCode.Created, completed.StatusCode);
    }

    public static async Task<HttpResponseMessage> PutManifestAsync(this HttpClient client, string repository, string reference, byte[] manifest, string? contentType)
    {
        var content = new ByteArrayContent(manifest);
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var request = new HttpRequestMessage(HttpMethod.Put, $"/v2/{repository}/manifests/{reference}") { Content = content };
        return await client.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> SendAsync(this HttpClient client, HttpMethod method, string path, string? accept = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        return await client.SendAsync(request);
    }

    /// <summary>Asserts a spec error response: status and <c>errors[0].code</c>.</summary>
    public static async Task AssertErrorAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status} {code}, got {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        Assert.Equal(code, json.RootElement.GetProperty("errors")[0].GetProperty("code").GetString());
    }

    private static HttpContent Body(byte[] bytes, bool chunked)
    {
        HttpContent content = chunked ? new StreamContent(new UnknownLengthStream(bytes)) : new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }

    /// <summary>A stream whose length HttpClient cannot know, so it sends chunked transfer-encoding as docker does.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
