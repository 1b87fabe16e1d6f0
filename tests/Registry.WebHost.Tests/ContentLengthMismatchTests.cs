using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Registry.WebHost.Tests;

/// <summary>
/// A body shorter than its Content-Length: the client sends part of it and disconnects. The host
/// must not answer 5xx or log a failure, and no byte of the truncated body may be recorded: the
/// upload's Range is unchanged and it goes on normally. (A disconnected client can receive no
/// response; a stalled one is cut off by Kestrel's minimum body data rate.) Raw sockets, because no
/// HttpClient sends a body that disagrees with its own header.
/// </summary>
public sealed partial class ContentLengthMismatchTests
{
    [Fact]
    public async Task Patch_BodyShorterThanContentLengthThenDisconnect_No5xxAndUploadUnchanged()
    {
        await using var host = await HostProcess.StartAsync();
        var repository = $"mismatch/{Guid.NewGuid():N}";
        var token = await host.GetTokenAsync($"repository:{repository}:pull,push");
        using var client = host.CreateClient(token);
        var blob = new byte[1000];
        using var started = await client.PostAsync(new Uri($"/v2/{repository}/blobs/uploads/", UriKind.Relative), null);
        var location = started.Headers.Location!.OriginalString;

        await SendTruncatedPatchAsync(host.Address, location, token, declared: 100_000, sent: 40_000);

        var statuses = await WaitForStatusAsync(host, location);
        Assert.All(statuses, status => Assert.InRange(status, 400, 499));
        Assert.DoesNotContain("fail:", host.ReadLog(), StringComparison.Ordinal);

        using var after = await client.GetAsync(new Uri(location, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, after.StatusCode);
        Assert.Equal("0-0", after.Headers.GetValues("Range").Single());
        using var patched = await client.PatchAsync(new Uri(location, UriKind.Relative), new ByteArrayContent(blob));
        Assert.Equal(HttpStatusCode.Accepted, patched.StatusCode);
        Assert.Equal("0-999", patched.Headers.GetValues("Range").Single());
    }

    /// <summary>Sends headers announcing <paramref name="declared"/> bytes, then fewer, then closes the connection.</summary>
    private static async Task SendTruncatedPatchAsync(Uri address, string path, string token, int declared, int sent)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(address.Host, address.Port);
        var head = $"PATCH {path} HTTP/1.1\r\nHost: {address.Authority}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/octet-stream\r\nContent-Length: {declared}\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(head));
        await socket.SendAsync(new byte[sent]);
        await Task.Delay(500);
        socket.Close();
    }

    /// <summary>The statuses the host logged for requests to <paramref name="path"/> that carried a body (PATCH).</summary>
    private static async Task<int[]> WaitForStatusAsync(HostProcess host, string path)
    {
        var pattern = new Regex($"Request finished HTTP/1.1 PATCH \\S*{Regex.Escape(path)} - (\\d{{3}})");
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var statuses = pattern.Matches(host.ReadLog()).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            if (statuses.Length > 0)
            {
                return statuses;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"the host logged no finished PATCH for {path}; see {host.LogPath}");
    }
}
