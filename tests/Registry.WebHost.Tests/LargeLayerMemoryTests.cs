using System.Net;
using System.Security.Cryptography;
using Xunit.Abstractions;

namespace Registry.WebHost.Tests;

/// <summary>
/// A 1 GiB layer in one streamed (chunked) PATCH, the way docker sends it: it completes, and the
/// host's peak RSS stays bounded because bytes stream request -> hasher -> storage blocks.
/// The measured figure is printed and recorded in docs/performance.md.
/// </summary>
public sealed class LargeLayerMemoryTests(ITestOutputHelper output)
{
    private const long LayerSize = 1L << 30;

    /// <summary>A generous bound for a streaming host (the runtime alone is ~60 MiB); a buffered 1 GiB would blow it.</summary>
    private const long PeakBound = 300L * 1024 * 1024;

    [Fact]
    public async Task OneGiBLayer_OneChunkedPatch_CompletesWithBoundedPeakMemory()
    {
        await using var host = await HostProcess.StartAsync();
        var repository = $"large/{Guid.NewGuid():N}";
        using var client = host.CreateClient(await host.GetTokenAsync($"repository:{repository}:pull,push"), TimeSpan.FromMinutes(10));
        var before = host.PeakResidentBytes();

        using var started = await client.PostAsync(new Uri($"/v2/{repository}/blobs/uploads/", UriKind.Relative), null);
        var location = started.Headers.Location!.OriginalString;
        using var body = new GeneratedStream(LayerSize);
        using var patch = new HttpRequestMessage(HttpMethod.Patch, location) { Content = new StreamContent(body, 1 << 20) };
        var started0 = DateTime.UtcNow;
        using var patched = await client.SendAsync(patch);
        Assert.Equal(HttpStatusCode.Accepted, patched.StatusCode);
        Assert.NotNull(body.Digest);
        using var completed = await client.PutAsync(new Uri($"{patched.Headers.Location!.OriginalString}?digest={body.Digest}", UriKind.Relative), null);
        var seconds = (DateTime.UtcNow - started0).TotalSeconds;
        Assert.Equal(HttpStatusCode.Created, completed.StatusCode);

        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/{repository}/blobs/{body.Digest}"));
        Assert.Equal(LayerSize, head.Content.Headers.ContentLength);

        var peak = host.PeakResidentBytes();
        output.WriteLine($"1 GiB chunked PATCH: {seconds:F1} s ({LayerSize / seconds / 1048576:F0} MiB/s); host peak RSS {peak / 1048576} MiB (idle {before / 1048576} MiB)");
        Assert.True(peak < PeakBound, $"peak RSS {peak / 1048576} MiB exceeds {PeakBound / 1048576} MiB");
    }

    /// <summary>Fresh pseudo-random bytes of unknown length (so HttpClient sends chunked), hashed as they are read.</summary>
    private sealed class GeneratedStream(long length) : Stream
    {
        private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private readonly byte[] pattern = RandomNumberGenerator.GetBytes(1 << 20);
        private long position;

        /// <summary>Set once the last byte was read (HttpClient disposes the stream after sending it).</summary>
        public string? Digest { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - position);
            for (var i = 0; i < n; i++)
            {
                buffer[offset + i] = (byte)(pattern[(position + i) & (pattern.Length - 1)] ^ (byte)((position + i) >> 20));
            }

            hash.AppendData(buffer, offset, n);
            position += n;
            if (position == length && Digest is null)
            {
                Digest = $"sha256:{Convert.ToHexStringLower(hash.GetCurrentHash())}";
            }

            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                hash.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
