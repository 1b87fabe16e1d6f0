using System.Buffers.Binary;
using System.Numerics;

namespace Registry.Core.Hashing;

/// <summary>
/// SHA-256 in plain C# (FIPS 180-4 sections 4.2.2, 5.3.3, 6.2), the fallback when
/// <see cref="OpenSslSha256"/> cannot run (no libcrypto, as on Windows, or its self-test failed).
/// Hand-written because nothing well kept can export a SHA-256 state: the BCL's SHA256 and
/// IncrementalHash keep it inside the platform library, and BouncyCastle's Sha256Digest exposes no
/// state either. About 8x slower than the native hash (see docs/performance.md).
/// </summary>
public sealed class ManagedSha256 : IResumableSha256
{
    private static readonly uint[] InitialHash =
    [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    ];

    private static readonly uint[] K =
    [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ];

    private readonly uint[] h = (uint[])InitialHash.Clone();
    private readonly byte[] tail = new byte[Sha256State.BlockSize];

    private ManagedSha256()
    {
    }

    public long Length { get; private set; }

    public static ManagedSha256 Create() => new();

    /// <summary>Continues from a state exported by any <see cref="IResumableSha256"/>.</summary>
    /// <exception cref="HashStateFormatException">The state is not a SHA-256 state or fails its check.</exception>
    public static ManagedSha256 Import(ReadOnlySpan<byte> state)
    {
        var hasher = new ManagedSha256();
        hasher.Length = Sha256State.Read(state, hasher.h, out var tail);
        tail.CopyTo(hasher.tail);
        return hasher;
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        var buffered = (int)(Length % Sha256State.BlockSize);
        Length += data.Length;
        if (buffered > 0)
        {
            var take = Math.Min(Sha256State.BlockSize - buffered, data.Length);
            data[..take].CopyTo(tail.AsSpan(buffered));
            data = data[take..];
            if (buffered + take < Sha256State.BlockSize)
            {
                return;
            }

            Compress(h, tail);
        }

        var whole = data.Length - (data.Length % Sha256State.BlockSize);
        Compress(h, data[..whole]);
        data[whole..].CopyTo(tail);
    }

    public byte[] ExportState() => Sha256State.Write(h, Length, tail.AsSpan(0, (int)(Length % Sha256State.BlockSize)));

    public Digest GetDigest()
    {
        // Padding (section 5.1.1): 0x80, zeros, the bit length as 64-bit big-endian; one or two blocks.
        var buffered = (int)(Length % Sha256State.BlockSize);
        Span<byte> last = stackalloc byte[2 * Sha256State.BlockSize];
        last.Clear();
        tail.AsSpan(0, buffered).CopyTo(last);
        last[buffered] = 0x80;
        var size = buffered < Sha256State.BlockSize - 8 ? Sha256State.BlockSize : 2 * Sha256State.BlockSize;
        BinaryPrimitives.WriteUInt64BigEndian(last[(size - 8)..], (ulong)Length * 8);
        Span<uint> copy = stackalloc uint[8];
        h.CopyTo(copy);
        Compress(copy, last[..size]);
        Span<byte> hash = stackalloc byte[32];
        for (var i = 0; i < 8; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(hash[(4 * i)..], copy[i]);
        }

        return Digest.FromSha256(hash);
    }

    /// <summary>Runs the compression function over whole 64-byte blocks (section 6.2.2).</summary>
    private static void Compress(Span<uint> state, ReadOnlySpan<byte> blocks)
    {
        Span<uint> w = stackalloc uint[64];
        ReadOnlySpan<uint> k = K;
        for (; !blocks.IsEmpty; blocks = blocks[Sha256State.BlockSize..])
        {
            for (var t = 0; t < 16; t++)
            {
                w[t] = BinaryPrimitives.ReadUInt32BigEndian(blocks[(4 * t)..]);
            }

            for (var t = 16; t < 64; t++)
            {
                uint w15 = w[t - 15], w2 = w[t - 2];
                var s0 = BitOperations.RotateRight(w15, 7) ^ BitOperations.RotateRight(w15, 18) ^ (w15 >> 3);
                var s1 = BitOperations.RotateRight(w2, 17) ^ BitOperations.RotateRight(w2, 19) ^ (w2 >> 10);
                w[t] = w[t - 16] + s0 + w[t - 7] + s1;
            }

            uint a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], hh = state[7];
            for (var t = 0; t < 64; t++)
            {
                var t1 = hh + (BitOperations.RotateRight(e, 6) ^ BitOperations.RotateRight(e, 11) ^ BitOperations.RotateRight(e, 25))
                    + ((e & f) ^ (~e & g)) + k[t] + w[t];
                var t2 = (BitOperations.RotateRight(a, 2) ^ BitOperations.RotateRight(a, 13) ^ BitOperations.RotateRight(a, 22))
                    + ((a & b) ^ (a & c) ^ (b & c));
                hh = g;
                g = f;
                f = e;
                e = d + t1;
                d = c;
                c = b;
                b = a;
                a = t1 + t2;
            }

            state[0] += a;
            state[1] += b;
            state[2] += c;
            state[3] += d;
            state[4] += e;
            state[5] += f;
            state[6] += g;
            state[7] += hh;
        }
    }
}
