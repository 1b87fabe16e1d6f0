using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Registry.Core.Hashing;

// Prints the throughput of each SHA-256 the upload path may use, hashing one buffer as a request
// body arrives (64 KiB reads). The candidates take turns, run after run, and each one's best run is
// reported, so a busy machine slows them alike. Usage: Registry.HashBench [MiB per run] [runs]
var mebibytes = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 512;
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
const int Read = 64 * 1024;
const int StateEvery = 4 * 1024 * 1024;
var data = new byte[mebibytes * 1024L * 1024];
new Random(1).NextBytes(data);
var expected = Convert.ToHexStringLower(SHA256.HashData(data));

var candidates = new List<(string Name, Func<string> Hash)>
{
    ("SHA256.HashData (BCL, native, one call)", () => Convert.ToHexStringLower(SHA256.HashData(data))),
    ("IncrementalHash (BCL, native, 64 KiB appends)", () =>
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (var offset = 0; offset < data.Length; offset += Read)
        {
            hash.AppendData(data.AsSpan(offset, Math.Min(Read, data.Length - offset)));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }),
};
if (OpenSslSha256.IsSupported)
{
    candidates.Add(("OpenSslSha256, no export", () => Resumable(OpenSslSha256.Create(), state => OpenSslSha256.Import(state), 0)));
    candidates.Add(("OpenSslSha256, export + import every 4 MiB", () => Resumable(OpenSslSha256.Create(), state => OpenSslSha256.Import(state), StateEvery)));
}

candidates.Add(("ManagedSha256, export + import every 4 MiB", () => Resumable(ManagedSha256.Create(), state => ManagedSha256.Import(state), StateEvery)));

Console.WriteLine($"SHA-256 over {mebibytes} MiB in {Read / 1024} KiB reads, best of {runs} interleaved runs; {Environment.ProcessorCount} cores, .NET {Environment.Version}");
Console.WriteLine($"ResumableSha256.Implementation: {ResumableSha256.Implementation}");
var best = candidates.Select(_ => TimeSpan.MaxValue).ToArray();
for (var run = 0; run < runs; run++)
{
    for (var i = 0; i < candidates.Count; i++)
    {
        var watch = Stopwatch.StartNew();
        var hex = candidates[i].Hash();
        watch.Stop();
        if (hex != expected)
        {
            throw new InvalidOperationException($"{candidates[i].Name} computed {hex}, not {expected}");
        }

        best[i] = watch.Elapsed < best[i] ? watch.Elapsed : best[i];
    }
}

for (var i = 0; i < candidates.Count; i++)
{
    var rate = data.Length / best[i].TotalSeconds / 1_000_000;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{candidates[i].Name,-48} {rate,6:F0} MB/s  ({best[i].TotalMilliseconds:F0} ms)"));
}

string Resumable<T>(T hasher, Func<byte[], T> import, int exportEvery)
    where T : IResumableSha256
{
    for (var offset = 0; offset < data.Length; offset += Read)
    {
        hasher.Append(data.AsSpan(offset, Math.Min(Read, data.Length - offset)));
        if (exportEvery > 0 && (offset + Read) % exportEvery == 0)
        {
            hasher = import(hasher.ExportState());
        }
    }

    return hasher.GetDigest().Hex;
}
