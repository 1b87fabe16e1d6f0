using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Registry.Core.Hashing;

/// <summary>
/// SHA-256 at native speed with a state that can be saved: OpenSSL's low-level <c>SHA256_Init</c>,
/// <c>SHA256_Update</c> and <c>SHA256_Final</c> (libcrypto, the library .NET's own SHA-256 runs on
/// Linux) on a <c>SHA256_CTX</c> this class owns, so its bytes can be read and written. That struct
/// is public and fixed in OpenSSL's <c>openssl/sha.h</c> (the same from 0.9.8 to 3.x):
/// <code>
/// typedef struct SHA256state_st {
///     SHA_LONG h[8];                 offset   0: H0..H7, native byte order
///     SHA_LONG Nl, Nh;               offset  32: message length in bits, low and high word
///     SHA_LONG data[SHA_LBLOCK];     offset  40: the unprocessed tail, as bytes
///     unsigned int num, md_len;      offset 104: tail length, digest length (32)
/// } SHA256_CTX;                      112 bytes
/// </code>
/// Its state is exported in the format every implementation shares (see <see cref="ResumableSha256"/>).
/// Use only when <see cref="IsSupported"/>: the library is loaded on first use and a self-test proves
/// the layout (several split points, each exported, compared byte for byte with <see cref="ManagedSha256"/>'s
/// state, imported and finished, against <see cref="SHA256.HashData(ReadOnlySpan{byte})"/>).
/// </summary>
public sealed unsafe class OpenSslSha256 : IResumableSha256
{
    private const int NlOffset = 32;
    private const int NhOffset = 36;
    private const int DataOffset = 40;
    private const int NumOffset = 104;

    /// <summary>More than the 112 bytes of the struct: a library whose context were larger writes into spare room, and fails the self-test.</summary>
    private const int ContextAllocation = 256;

    private static readonly Lazy<(LibCrypto? Library, string? Failure)> Native = new(LoadAndTest);

    private readonly LibCrypto library;
    private readonly byte[] context = GC.AllocateArray<byte>(ContextAllocation, pinned: true);

    private OpenSslSha256(LibCrypto library)
    {
        this.library = library;
        fixed (byte* c = context)
        {
            Check(library.Init(c), "SHA256_Init");
        }
    }

    /// <summary>Whether libcrypto was found, has the functions and passed the self-test.</summary>
    public static bool IsSupported => Native.Value.Library is not null;

    /// <summary>Why <see cref="IsSupported"/> is false; null when it is true.</summary>
    public static string? UnsupportedReason => Native.Value.Failure;

    public long Length
    {
        get
        {
            var bits = ((ulong)ReadWord(NhOffset) << 32) | ReadWord(NlOffset);
            return (long)(bits / 8);
        }
    }

    /// <exception cref="PlatformNotSupportedException">Not <see cref="IsSupported"/>.</exception>
    public static OpenSslSha256 Create() => new(RequireLibrary());

    /// <summary>Continues from a state exported by any <see cref="IResumableSha256"/>.</summary>
    /// <exception cref="HashStateFormatException">The state is not a SHA-256 state or fails its check.</exception>
    /// <exception cref="PlatformNotSupportedException">Not <see cref="IsSupported"/>.</exception>
    public static OpenSslSha256 Import(ReadOnlySpan<byte> state) => Import(RequireLibrary(), state);

    public void Append(ReadOnlySpan<byte> data)
    {
        fixed (byte* c = context)
        fixed (byte* p = data)
        {
            Check(library.Update(c, p, (nuint)data.Length), "SHA256_Update");
        }
    }

    public byte[] ExportState()
    {
        Span<uint> h = stackalloc uint[8];
        for (var i = 0; i < 8; i++)
        {
            h[i] = ReadWord(4 * i);
        }

        var bits = ((ulong)ReadWord(NhOffset) << 32) | ReadWord(NlOffset);
        var num = ReadWord(NumOffset);
        if (bits % 8 != 0 || num != bits / 8 % Sha256State.BlockSize)
        {
            throw new InvalidOperationException("libcrypto's SHA256_CTX does not hold what openssl/sha.h declares");
        }

        return Sha256State.Write(h, (long)(bits / 8), context.AsSpan(DataOffset, (int)num));
    }

    public Digest GetDigest()
    {
        var copy = stackalloc byte[ContextAllocation];
        var hash = stackalloc byte[32];
        context.CopyTo(new Span<byte>(copy, ContextAllocation));
        Check(library.Final(hash, copy), "SHA256_Final");
        return Digest.FromSha256(new ReadOnlySpan<byte>(hash, 32));
    }

    private static OpenSslSha256 Import(LibCrypto library, ReadOnlySpan<byte> state)
    {
        Span<uint> h = stackalloc uint[8];
        var length = Sha256State.Read(state, h, out var tail);
        var hasher = new OpenSslSha256(library);
        for (var i = 0; i < 8; i++)
        {
            hasher.WriteWord(4 * i, h[i]);
        }

        var bits = (ulong)length * 8;
        hasher.WriteWord(NlOffset, (uint)bits);
        hasher.WriteWord(NhOffset, (uint)(bits >> 32));
        tail.CopyTo(hasher.context.AsSpan(DataOffset));
        hasher.WriteWord(NumOffset, (uint)tail.Length);
        return hasher;
    }

    private static LibCrypto RequireLibrary() =>
        Native.Value.Library ?? throw new PlatformNotSupportedException($"OpenSSL SHA-256 is not available: {Native.Value.Failure}");

    private static (LibCrypto? Library, string? Failure) LoadAndTest()
    {
        if (!LibCrypto.TryLoad(out var library, out var failure))
        {
            return (null, failure);
        }

        try
        {
            failure = SelfTest(library);
        }
        catch (Exception e) when (e is InvalidOperationException or CryptographicException or HashStateFormatException)
        {
            failure = $"self-test failed: {e.Message}";
        }

        return failure is null ? (library, null) : (null, failure);
    }

    /// <summary>Null when every split of a known message exports the managed state and finishes with the BCL's digest.</summary>
    private static string? SelfTest(LibCrypto library)
    {
        var message = new byte[200];
        for (var i = 0; i < message.Length; i++)
        {
            message[i] = (byte)((i * 131) + 7);
        }

        var expected = Digest.FromSha256(SHA256.HashData(message));
        foreach (var split in (int[])[0, 1, 55, 56, 63, 64, 65, 127, 128, 129, 200])
        {
            var first = new OpenSslSha256(library);
            first.Append(message.AsSpan(0, split));
            var managed = ManagedSha256.Create();
            managed.Append(message.AsSpan(0, split));
            var state = first.ExportState();
            if (!state.AsSpan().SequenceEqual(managed.ExportState()) || first.Length != split)
            {
                return $"the state after {split} bytes differs from the managed SHA-256's: SHA256_CTX is not laid out as expected";
            }

            if (first.GetDigest() != Digest.FromSha256(SHA256.HashData(message.AsSpan(0, split))))
            {
                return $"the digest of the first {split} bytes is wrong";
            }

            var second = Import(library, state);
            second.Append(message.AsSpan(split));
            first.Append(message.AsSpan(split));
            if (second.GetDigest() != expected || first.GetDigest() != expected)
            {
                return $"hashing continued after {split} bytes gives a wrong digest";
            }
        }

        return null;
    }

    private static void Check(int result, string function)
    {
        if (result != 1)
        {
            throw new CryptographicException($"{function} failed");
        }
    }

    private uint ReadWord(int offset) => MemoryMarshal.Read<uint>(context.AsSpan(offset));

    private void WriteWord(int offset, uint value) => MemoryMarshal.Write(context.AsSpan(offset), in value);

    /// <summary>The three functions, resolved from libcrypto.so.3 (or libcrypto.so) once per process.</summary>
    private sealed class LibCrypto
    {
        private static readonly string[] Names = ["libcrypto.so.3", "libcrypto.so"];

        private readonly delegate* unmanaged<byte*, int> init;
        private readonly delegate* unmanaged<byte*, byte*, nuint, int> update;
        private readonly delegate* unmanaged<byte*, byte*, int> final;

        private LibCrypto(nint handle)
        {
            init = (delegate* unmanaged<byte*, int>)NativeLibrary.GetExport(handle, "SHA256_Init");
            update = (delegate* unmanaged<byte*, byte*, nuint, int>)NativeLibrary.GetExport(handle, "SHA256_Update");
            final = (delegate* unmanaged<byte*, byte*, int>)NativeLibrary.GetExport(handle, "SHA256_Final");
        }

        public static bool TryLoad([NotNullWhen(true)] out LibCrypto? library, out string? failure)
        {
            library = null;
            foreach (var name in Names)
            {
                if (!NativeLibrary.TryLoad(name, out var handle))
                {
                    continue;
                }

                foreach (var symbol in (string[])["SHA256_Init", "SHA256_Update", "SHA256_Final"])
                {
                    if (!NativeLibrary.TryGetExport(handle, symbol, out _))
                    {
                        failure = $"{name} has no {symbol}";
                        return false;
                    }
                }

                library = new LibCrypto(handle);
                failure = null;
                return true;
            }

            failure = $"none of {string.Join(", ", Names)} could be loaded";
            return false;
        }

        public int Init(byte* context) => init(context);

        public int Update(byte* context, byte* data, nuint length) => update(context, data, length);

        public int Final(byte* hash, byte* context) => final(hash, context);
    }
}
