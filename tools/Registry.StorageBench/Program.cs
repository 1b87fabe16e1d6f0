using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using static Registry.Storage.Azure.StorageLayout;

// The storage limit of the registry benchmark (scripts/bench.sh): what the Blob service behind
// AzureWebJobsStorage does with the bytes of FILE when nothing but the Azure SDK stands in the way.
//  - stage: the file as blocks of StorageLayout.BlockSize (the registry's block, its block ids),
//    Put Block for each, then Put Block List; with 1, 2, ... blocks in flight.
//  - download: the committed blob back to a file next to FILE, as one streamed Get Blob (what a
//    client following the registry's redirect does), and as ranged Get Blobs of one block each,
//    several in flight (the SDK's parallel download).
// Each variant's best run is reported; the variants take turns, run after run, so a busy machine
// slows them alike. The downloads are checked byte for byte (SHA-256) outside the timing.
// MB = 10^6 bytes. Lines `result <name> <MB/s>` are for scripts; `stage` and `download` are the
// best variant of each. Usage: Registry.StorageBench FILE [IN_FLIGHT,... (default 1,2,4)] [RUNS (default 1)]
if (args.Length is < 1 or > 3)
{
    Console.Error.WriteLine("usage: Registry.StorageBench FILE [IN_FLIGHT,...] [RUNS]  (storage: AzureWebJobsStorage connection string)");
    return 2;
}

var path = Path.GetFullPath(args[0]);
var inFlight = (args.Length > 1 ? args[1] : "1,2,4").Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray();
var runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
var connection = Environment.GetEnvironmentVariable("AzureWebJobsStorage");
if (string.IsNullOrWhiteSpace(connection))
{
    Console.Error.WriteLine("set AzureWebJobsStorage to the storage account's connection string");
    return 2;
}

const int DownloadInFlight = 4;
var length = new FileInfo(path).Length;
var expected = await HashFileAsync(path);
var container = new BlobServiceClient(connection).GetBlobContainerClient("storagebench");
await container.CreateIfNotExistsAsync();
var copy = path + ".download";

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Storage limit: {length} bytes ({length / 1048576.0:F1} MiB) of {path}, blocks of {BlockSize / 1048576} MiB, best of {runs} run(s); MB = 10^6 bytes"));
var variants = inFlight.Select(n => ($"stage-{n}", $"stage, {n} in flight (Put Block x {BlockCount(length)} + Put Block List)")).ToList();
variants.Add(("download-stream", "download, one streamed Get Blob to a file"));
variants.Add(("download-ranges", $"download, {DownloadInFlight} ranged Get Blobs in flight to a file"));
var best = variants.ToDictionary(v => v.Item1, _ => TimeSpan.MaxValue);

// Warm up (JIT, connections) on a blob of one block, untimed.
var warmup = container.GetBlockBlobClient($"warmup-{Guid.NewGuid():N}");
await StageAsync(warmup, path, Math.Min(length, BlockSize), 1);
await DownloadStreamAsync(warmup, copy);
File.Delete(copy);
await warmup.DeleteIfExistsAsync();

for (var run = 0; run < runs; run++)
{
    BlockBlobClient? staged = null;
    foreach (var n in inFlight)
    {
        var blob = container.GetBlockBlobClient($"stage-{n}-{Guid.NewGuid():N}");
        var elapsed = await TimeAsync(() => StageAsync(blob, path, length, n));
        Keep($"stage-{n}", elapsed);
        if (staged is not null)
        {
            await staged.DeleteIfExistsAsync();
        }

        staged = blob;
    }

    Keep("download-stream", await TimeAsync(() => DownloadStreamAsync(staged!, copy)));
    await VerifyAsync(copy);
    Keep("download-ranges", await TimeAsync(() => staged!.DownloadToAsync(copy, new BlobDownloadToOptions
    {
        TransferOptions = new StorageTransferOptions { InitialTransferSize = BlockSize, MaximumTransferSize = BlockSize, MaximumConcurrency = DownloadInFlight },
    })));
    await VerifyAsync(copy);
    await staged!.DeleteIfExistsAsync();
}

foreach (var (name, label) in variants)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label,-64} {Rate(best[name]),7:F1} MB/s  ({best[name].TotalMilliseconds:F0} ms)"));
}

foreach (var (name, _) in variants)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"result {name} {Rate(best[name]):F1}"));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"result stage {best.Where(b => b.Key.StartsWith("stage-", StringComparison.Ordinal)).Max(b => Rate(b.Value)):F1}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"result download {best.Where(b => b.Key.StartsWith("download-", StringComparison.Ordinal)).Max(b => Rate(b.Value)):F1}"));
return 0;

void Keep(string name, TimeSpan elapsed) => best[name] = elapsed < best[name] ? elapsed : best[name];

double Rate(TimeSpan elapsed) => length / elapsed.TotalSeconds / 1_000_000;

static int BlockCount(long length) => (int)Math.Max(1, (length + BlockSize - 1) / BlockSize);

// Each run starts with no dirty pages left by the one before (bench.sh's `timed` does the same), so
// the kernel's writeback of earlier runs is not charged to this one.
static async Task<TimeSpan> TimeAsync(Func<Task> action)
{
    using (var sync = Process.Start("sync"))
    {
        await sync.WaitForExitAsync();
    }

    var watch = Stopwatch.StartNew();
    await action();
    return watch.Elapsed;
}

// Reads each block from the file just before its Put Block (as the registry fills a block from the
// request body just before it stages it), keeping `inFlight` blocks in flight, then commits them.
static async Task StageAsync(BlockBlobClient blob, string path, long length, int inFlight)
{
    var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    var count = BlockCount(length);
    using var file = File.OpenHandle(path);
    await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = inFlight }, async (index, cancellationToken) =>
    {
        var offset = (long)index * BlockSize;
        var size = (int)Math.Min(BlockSize, length - offset);
        var buffer = ArrayPool<byte>.Shared.Rent(BlockSize);
        try
        {
            var filled = 0;
            while (filled < size)
            {
                filled += await RandomAccess.ReadAsync(file, buffer.AsMemory(filled, size - filled), offset + filled, cancellationToken);
            }

            using var block = new MemoryStream(buffer, 0, size, writable: false);
            await blob.StageBlockAsync(BlockId(nonce, index), block, cancellationToken: cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    });
    await blob.CommitBlockListAsync(Enumerable.Range(0, count).Select(index => BlockId(nonce, index)));
}

static async Task DownloadStreamAsync(BlockBlobClient blob, string target)
{
    var response = await blob.DownloadStreamingAsync();
    await using var body = response.Value.Content;
    await using var file = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true);
    await body.CopyToAsync(file, 1 << 20);
}

async Task VerifyAsync(string target)
{
    var actual = await HashFileAsync(target);
    File.Delete(target);
    if (actual != expected)
    {
        throw new InvalidOperationException($"the blob downloaded to {target} hashes to {actual}, the file to {expected}");
    }
}

static async Task<string> HashFileAsync(string file)
{
    await using var stream = File.OpenRead(file);
    return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream));
}
