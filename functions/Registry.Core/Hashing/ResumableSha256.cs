namespace Registry.Core.Hashing;

/// <summary>
/// Picks the resumable SHA-256 once per process: <see cref="OpenSslSha256"/> (native speed) when
/// libcrypto is there and passes its self-test, else <see cref="ManagedSha256"/>. Both read and write
/// the same state format (<see cref="Sha256State"/>), so a state saved by one instance is continued by
/// any other, whichever implementation each one runs.
/// </summary>
public static class ResumableSha256
{
    /// <summary>The longest state <see cref="IResumableSha256.ExportState"/> returns.</summary>
    public const int MaxStateLength = Sha256State.MaxLength;

    /// <summary>Which implementation <see cref="Create"/> and <see cref="Import"/> return, and why.</summary>
    public static string Implementation =>
        OpenSslSha256.IsSupported ? "OpenSSL libcrypto" : $"managed ({OpenSslSha256.UnsupportedReason})";

    public static IResumableSha256 Create() =>
        OpenSslSha256.IsSupported ? OpenSslSha256.Create() : ManagedSha256.Create();

    /// <summary>Continues from a state exported by any <see cref="IResumableSha256"/>.</summary>
    /// <exception cref="HashStateFormatException">The state is not a SHA-256 state or fails its check.</exception>
    public static IResumableSha256 Import(ReadOnlySpan<byte> state) =>
        OpenSslSha256.IsSupported ? OpenSslSha256.Import(state) : ManagedSha256.Import(state);
}
