using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Registry.Core.Hashing;

/// <summary>
/// The saved state of a SHA-256, the same bytes whichever implementation wrote or reads it, so an
/// upload started where OpenSSL is available can be continued where it is not (and back):
/// <code>
/// offset  size  field
/// 0       1     kind: 0x01 = SHA-256 intermediate state, this layout
/// 1       32    H0..H7, big-endian (FIPS 180-4 section 6.2)
/// 33      8     message length so far in bytes, big-endian (below 2^61)
/// 41      n     the unprocessed tail, n = length mod 64
/// 41+n    4     check: the first 4 bytes of SHA-256 over bytes [0, 41+n)
/// </code>
/// 45 to 108 bytes. The kind byte makes the format self-describing: a state of another algorithm or
/// layout is rejected, never misread; the check rejects a truncated or altered state.
/// </summary>
internal static class Sha256State
{
    public const byte Kind = 0x01;
    public const int BlockSize = 64;
    public const int MaxLength = HeaderSize + BlockSize - 1 + CheckSize;
    private const int HeaderSize = 1 + 32 + 8;
    private const int CheckSize = 4;
    private const long MaxMessageLength = (1L << 61) - 1;

    public static byte[] Write(ReadOnlySpan<uint> h, long length, ReadOnlySpan<byte> tail)
    {
        if (h.Length != 8 || length is < 0 or > MaxMessageLength || tail.Length != (int)(length % BlockSize))
        {
            throw new InvalidOperationException("a SHA-256 state has 8 words and a tail of length mod 64 bytes");
        }

        var state = new byte[HeaderSize + tail.Length + CheckSize];
        state[0] = Kind;
        for (var i = 0; i < 8; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(state.AsSpan(1 + (4 * i)), h[i]);
        }

        BinaryPrimitives.WriteInt64BigEndian(state.AsSpan(33), length);
        tail.CopyTo(state.AsSpan(HeaderSize));
        Check(state.AsSpan(0, HeaderSize + tail.Length), state.AsSpan(HeaderSize + tail.Length));
        return state;
    }

    /// <summary>Reads a state into <paramref name="h"/>; returns the length and, in <paramref name="tail"/>, the unprocessed bytes.</summary>
    public static long Read(ReadOnlySpan<byte> state, Span<uint> h, out ReadOnlySpan<byte> tail)
    {
        if (state.Length < HeaderSize + CheckSize)
        {
            throw new HashStateFormatException($"a SHA-256 state has at least {HeaderSize + CheckSize} bytes, not {state.Length}");
        }

        if (state[0] != Kind)
        {
            throw new HashStateFormatException($"hash state kind 0x{state[0]:x2} is not 0x{Kind:x2} (SHA-256)");
        }

        var length = BinaryPrimitives.ReadInt64BigEndian(state[33..]);
        if (length is < 0 or > MaxMessageLength)
        {
            throw new HashStateFormatException($"a SHA-256 state's length {length} is out of range");
        }

        var tailLength = (int)(length % BlockSize);
        if (state.Length != HeaderSize + tailLength + CheckSize)
        {
            throw new HashStateFormatException(
                $"a SHA-256 state after {length} bytes has {HeaderSize + tailLength + CheckSize} bytes, not {state.Length}");
        }

        Span<byte> check = stackalloc byte[CheckSize];
        Check(state[..(HeaderSize + tailLength)], check);
        if (!check.SequenceEqual(state[(HeaderSize + tailLength)..]))
        {
            throw new HashStateFormatException("the SHA-256 state fails its check: it was truncated or altered");
        }

        for (var i = 0; i < 8; i++)
        {
            h[i] = BinaryPrimitives.ReadUInt32BigEndian(state[(1 + (4 * i))..]);
        }

        tail = state.Slice(HeaderSize, tailLength);
        return length;
    }

    private static void Check(ReadOnlySpan<byte> content, Span<byte> check)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(content, hash);
        hash[..CheckSize].CopyTo(check);
    }
}
