using System.Net;
using System.Security.Cryptography;

namespace Registry.WebHost.Tests;

/// <summary>
/// Consecutive requests of one upload may reach different instances: POST, PATCHes and PUT
/// alternate between two host processes sharing one storage account.
/// </summary>
public sealed class TwoProcessUploadTests
{
    [Fact]
    public async Task Upload_AlternatingBetweenTwoHosts_CompletesAndPullsFromBoth()
    {
        await using var first = await HostProcess.StartAsync();
        await using var second = await HostProcess.StartAsync();
        var repository = $"twohosts/{Guid.NewGuid():N}";

        // A token from the first host works on the second: both share storage (and so the signing key) and the service name.
        var token = await first.GetTokenAsync($"repository:{repository}:pull,push");
        using var a = first.CreateClient(token);
        using var b = second.CreateClient(token);
        var blob = RandomNumberGenerator.GetBytes(9 * 1024 * 1024 + 5);
        var digest = $"sha256:{Convert.ToHexStringLower(SHA256.HashData(blob))}";

        using var started = await a.PostAsync(new Uri($"/v2/{repository}/blobs/uploads/", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var location = started.Headers.Location!.OriginalString;

        var clients = new[] { b, a, b };
        var chunks = new[] { blob[..(4 * 1024 * 1024)], blob[(4 * 1024 * 1024)..(8 * 1024 * 1024)], blob[(8 * 1024 * 1024)..] };
        var offset = 0;
        for (var i = 0; i < chunks.Length; i++)
        {
            using var patch = new HttpRequestMessage(HttpMethod.Patch, location) { Content = new ByteArrayContent(chunks[i]) };
            patch.Content.Headers.TryAddWithoutValidation("Content-Range", $"{offset}-{offset + chunks[i].Length - 1}");
            using var patched = await clients[i].SendAsync(patch);
            Assert.Equal(HttpStatusCode.Accepted, patched.StatusCode);
            offset += chunks[i].Length;
            Assert.Equal($"0-{offset - 1}", patched.Headers.GetValues("Range").Single());
            location = patched.Headers.Location!.OriginalString;
        }

        using var status = await a.GetAsync(new Uri(location, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, status.StatusCode);
        Assert.Equal($"0-{blob.Length - 1}", status.Headers.GetValues("Range").Single());

        using var completed = await b.PutAsync(new Uri($"{location}?digest={digest}", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Created, completed.StatusCode);

        foreach (var client in new[] { a, b })
        {
            var pulled = await client.GetByteArrayAsync(new Uri($"/v2/{repository}/blobs/{digest}", UriKind.Relative));
            Assert.Equal(blob, pulled);
        }
    }
}
