namespace Registry.Storage.Contract;

/// <summary>
/// A forward-only request body that hands out bytes in small, uneven reads (as a network stream
/// does), so stores must fill their buffers themselves.
/// </summary>
public sealed class TrickleStream(ReadOnlyMemory<byte> content) : Stream
{
    private static readonly int[] ReadSizes = [1, 7, 8192, 65_537, 1_000_003, 13];
    private int position;
    private int reads;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var size = Math.Min(Math.Min(buffer.Length, ReadSizes[reads++ % ReadSizes.Length]), content.Length - position);
        content.Span.Slice(position, size).CopyTo(buffer);
        position += size;
        return size;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
