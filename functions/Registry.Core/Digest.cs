using System.Security.Cryptography;

namespace Registry.Core;

/// <summary>
/// A content digest <c>algorithm:encoded</c>.
/// See https://github.com/opencontainers/image-spec/blob/main/descriptor.md#digests.
/// Only <c>sha256</c> is accepted: it is the one algorithm every client uses, and the registry
/// must be able to verify what it stores.
/// </summary>
public readonly record struct Digest
{
    public const string Sha256 = "sha256";
    private const int Sha256HexLength = 64;

    private Digest(string algorithm, string hex)
    {
        Algorithm = algorithm;
        Hex = hex;
    }

    public string Algorithm { get; }

    /// <summary>The encoded part: lower-case hex.</summary>
    public string Hex { get; }

    public static Digest FromSha256(ReadOnlySpan<byte> hash) =>
        new(Sha256, Convert.ToHexStringLower(hash));

    public static Digest Compute(ReadOnlySpan<byte> content) => FromSha256(SHA256.HashData(content));

    public static Digest Parse(string value) =>
        TryParse(value, out var digest, out var reason) ? digest : throw new FormatException(reason);

    /// <summary>Parses a digest; <paramref name="reason"/> names the rule that failed.</summary>
    public static bool TryParse(string? value, out Digest digest, out string? reason)
    {
        digest = default;
        if (string.IsNullOrEmpty(value))
        {
            reason = "digest is empty";
            return false;
        }

        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == value.Length - 1)
        {
            reason = "digest must have the form algorithm:encoded";
            return false;
        }

        var algorithm = value[..colon];
        var hex = value[(colon + 1)..];
        if (algorithm != Sha256)
        {
            reason = $"unsupported digest algorithm '{algorithm}': only sha256 is accepted";
            return false;
        }

        if (hex.Length != Sha256HexLength)
        {
            reason = $"a sha256 digest has {Sha256HexLength} hex characters, not {hex.Length}";
            return false;
        }

        foreach (var c in hex)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                reason = "the encoded part of a sha256 digest must be lower-case hex";
                return false;
            }
        }

        digest = new Digest(algorithm, hex);
        reason = null;
        return true;
    }

    public override string ToString() => Algorithm is null ? string.Empty : $"{Algorithm}:{Hex}";
}
