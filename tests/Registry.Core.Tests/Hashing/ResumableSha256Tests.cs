using System.Security.Cryptography;
using System.Text;
using Registry.Core;
using Registry.Core.Hashing;

namespace Registry.Core.Tests.Hashing;

/// <summary>Both resumable SHA-256 implementations against the BCL's and FIPS 180-4's examples.</summary>
public sealed class ResumableSha256Tests
{
    public static TheoryData<string> Implementations => ["managed", "openssl"];

    [Fact]
    public void OpenSslSha256_OnLinux_IsSupported()
    {
        if (OperatingSystem.IsLinux())
        {
            Assert.True(OpenSslSha256.IsSupported, OpenSslSha256.UnsupportedReason);
            Assert.Null(OpenSslSha256.UnsupportedReason);
            Assert.Equal("OpenSSL libcrypto", ResumableSha256.Implementation);
        }
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void GetDigest_EveryLengthUpTo200_MatchesHashData(string implementation)
    {
        var message = Message(200, seed: 1);
        for (var length = 0; length <= 200; length++)
        {
            var hasher = Create(implementation);
            if (hasher is null)
            {
                return;
            }

            hasher.Append(message.AsSpan(0, length));
            var resumed = Import(implementation, hasher.ExportState())!;

            Assert.Equal(length, hasher.Length);
            Assert.Equal(Expected(message.AsSpan(0, length)), hasher.GetDigest());
            Assert.Equal(length, resumed.Length);
            Assert.Equal(Expected(message.AsSpan(0, length)), resumed.GetDigest());
        }
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Append_RandomPiecesWithExportAndImportBetweenEach_MatchesHashData(string implementation)
    {
        if (Create(implementation) is null)
        {
            return;
        }

        var random = new Random(20260403);
        for (var round = 0; round < 8; round++)
        {
            var message = Message(random.Next(1, 3 * 1024 * 1024), seed: round);
            var hasher = Create(implementation)!;
            for (var offset = 0; offset < message.Length;)
            {
                var piece = Math.Min(message.Length - offset, random.Next(0, 3) switch
                {
                    0 => random.Next(0, 130),
                    1 => random.Next(0, 70_000),
                    _ => random.Next(0, 1_500_000),
                });
                hasher.Append(message.AsSpan(offset, piece));
                offset += piece;
                hasher = Import(implementation, hasher.ExportState())!;
                Assert.Equal(offset, hasher.Length);
            }

            Assert.Equal(Expected(message), hasher.GetDigest());
        }
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void GetDigest_Twice_DoesNotEndTheHash(string implementation)
    {
        var message = Message(1000, seed: 2);
        var hasher = Create(implementation);
        if (hasher is null)
        {
            return;
        }

        hasher.Append(message.AsSpan(0, 300));
        Assert.Equal(Expected(message.AsSpan(0, 300)), hasher.GetDigest());
        Assert.Equal(Expected(message.AsSpan(0, 300)), hasher.GetDigest());
        hasher.Append(message.AsSpan(300));

        Assert.Equal(Expected(message), hasher.GetDigest());
    }

    [Theory]
    [InlineData("managed", "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("openssl", "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("managed", "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("openssl", "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("managed", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    [InlineData("openssl", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    public void GetDigest_NistVector_MatchesThePublishedDigest(string implementation, string message, string hex)
    {
        var hasher = Create(implementation);
        if (hasher is null)
        {
            return;
        }

        hasher.Append(Encoding.ASCII.GetBytes(message));

        Assert.Equal(Digest.Parse("sha256:" + hex), hasher.GetDigest());
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void GetDigest_OneMillionAInPiecesOf1000_MatchesThePublishedDigest(string implementation)
    {
        var hasher = Create(implementation);
        if (hasher is null)
        {
            return;
        }

        var piece = Encoding.ASCII.GetBytes(new string('a', 1000));
        for (var i = 0; i < 1000; i++)
        {
            hasher.Append(piece);
            if (i % 97 == 0)
            {
                hasher = Import(implementation, hasher.ExportState())!;
            }
        }

        Assert.Equal(Digest.Parse("sha256:cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"), hasher.GetDigest());
    }

    [Fact]
    public void ExportState_OpenSslAndManaged_WriteTheSameBytesAndContinueEachOther()
    {
        if (!OpenSslSha256.IsSupported)
        {
            return;
        }

        var message = Message(10_000, seed: 3);
        foreach (var split in (int[])[0, 1, 63, 64, 65, 4097, 9999])
        {
            var native = OpenSslSha256.Create();
            var managed = ManagedSha256.Create();
            native.Append(message.AsSpan(0, split));
            managed.Append(message.AsSpan(0, split));

            Assert.Equal(managed.ExportState(), native.ExportState());
            var fromNative = ManagedSha256.Import(native.ExportState());
            var fromManaged = OpenSslSha256.Import(managed.ExportState());
            fromNative.Append(message.AsSpan(split));
            fromManaged.Append(message.AsSpan(split));
            Assert.Equal(Expected(message), fromNative.GetDigest());
            Assert.Equal(Expected(message), fromManaged.GetDigest());
        }
    }

    [Theory]
    [InlineData(0, 45)]
    [InlineData(1, 46)]
    [InlineData(63, 108)]
    [InlineData(64, 45)]
    [InlineData(1000, 45 + (1000 % 64))]
    public void ExportState_AfterLength_HasKindWordsLengthTailAndCheck(int length, int size)
    {
        var hasher = ResumableSha256.Create();
        hasher.Append(Message(length, seed: 4));

        var state = hasher.ExportState();

        Assert.Equal(size, state.Length);
        Assert.InRange(state.Length, 45, ResumableSha256.MaxStateLength);
        Assert.Equal(108, ResumableSha256.MaxStateLength);
        Assert.Equal(0x01, state[0]);
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Import_TamperedOrShortState_ThrowsHashStateFormatException(string implementation)
    {
        if (Create(implementation) is not { } hasher)
        {
            return;
        }

        hasher.Append(Message(100, seed: 5));
        var state = hasher.ExportState();
        Assert.Throws<HashStateFormatException>(() => Import(implementation, []));
        for (var length = 0; length < state.Length; length++)
        {
            Assert.Throws<HashStateFormatException>(() => Import(implementation, state.AsSpan(0, length).ToArray()));
        }

        Assert.Throws<HashStateFormatException>(() => Import(implementation, [.. state, 0]));
        for (var index = 0; index < state.Length; index++)
        {
            var tampered = (byte[])state.Clone();
            tampered[index] ^= 0x10;
            var error = Assert.Throws<HashStateFormatException>(() => Import(implementation, tampered));
            Assert.IsAssignableFrom<FormatException>(error);
        }
    }

    [Fact]
    public void Import_OtherKind_SaysWhichKind()
    {
        var state = ResumableSha256.Create().ExportState();
        state[0] = 0x02;

        var error = Assert.Throws<HashStateFormatException>(() => ResumableSha256.Import(state));

        Assert.Contains("kind 0x02", error.Message, StringComparison.Ordinal);
    }

    private static IResumableSha256? Create(string implementation) => implementation switch
    {
        "managed" => ManagedSha256.Create(),
        _ => OpenSslSha256.IsSupported ? OpenSslSha256.Create() : null,
    };

    private static IResumableSha256? Import(string implementation, byte[] state) => implementation switch
    {
        "managed" => ManagedSha256.Import(state),
        _ => OpenSslSha256.IsSupported ? OpenSslSha256.Import(state) : null,
    };

    private static Digest Expected(ReadOnlySpan<byte> message) => Digest.FromSha256(SHA256.HashData(message));

    private static byte[] Message(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
