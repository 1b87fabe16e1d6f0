using System.Buffers;
using Azure.Storage.Blobs.Specialized;
using static Registry.Storage.Azure.StorageLayout;

namespace Registry.Storage.Azure;

/// <summary>
/// The Put Blocks of one request, up to <see cref="MaxInFlight"/> at once, each from its own pooled
/// <see cref="StorageLayout.BlockSize"/> buffer: the next block arrives (and is hashed) while earlier
/// ones are being staged, so storage always has work queued and the client rarely waits on it. A
/// request holds at most <c>MaxInFlight + 1</c> blocks (16 MiB), whatever the layer size.
/// </summary>
internal sealed class BlockStager(BlockBlobClient blob) : IAsyncDisposable
{
    /// <summary>Three: Azurite stages as fast as with four (see docs/performance.md), and memory stays bounded.</summary>
    public const int MaxInFlight = 3;

    private readonly Queue<(Task Staging, byte[] Buffer)> inFlight = new();
    private readonly Stack<byte[]> free = new();

    /// <summary>A buffer for the next block; waits for the oldest Put Block when the most are in flight.</summary>
    public async Task<byte[]> NextBufferAsync()
    {
        if (inFlight.Count == MaxInFlight)
        {
            await CompleteOldestAsync();
        }

        return free.TryPop(out var buffer) ? buffer : ArrayPool<byte>.Shared.Rent(BlockSize);
    }

    /// <summary>Hands back a buffer that was not used for a block.</summary>
    public void Unused(byte[] buffer) => free.Push(buffer);

    /// <summary>Starts staging <paramref name="length"/> bytes of <paramref name="buffer"/> as the block <paramref name="blockId"/>.</summary>
    public void Stage(string blockId, byte[] buffer, int length, CancellationToken cancellationToken) =>
        inFlight.Enqueue((StageAsync(blockId, buffer, length, cancellationToken), buffer));

    /// <summary>Waits for every Put Block started; throws the first failure.</summary>
    public async Task FlushAsync()
    {
        while (inFlight.Count > 0)
        {
            await CompleteOldestAsync();
        }
    }

    /// <summary>
    /// Waits for the Put Blocks still running (after a failed read, say) before the buffers go back
    /// to the pool: a buffer must not be reused while a request still reads it.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        while (inFlight.TryDequeue(out var block))
        {
            await block.Staging.ContinueWith(
                static task => _ = task.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            free.Push(block.Buffer);
        }

        while (free.TryPop(out var buffer))
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task CompleteOldestAsync()
    {
        var (staging, buffer) = inFlight.Dequeue();
        try
        {
            await staging;
        }
        finally
        {
            free.Push(buffer);
        }
    }

    private async Task StageAsync(string blockId, byte[] buffer, int length, CancellationToken cancellationToken)
    {
        using var block = new MemoryStream(buffer, 0, length, writable: false);
        await blob.StageBlockAsync(blockId, block, cancellationToken: cancellationToken);
    }
}
