namespace Registry.Core.Hashing;

/// <summary>
/// A SHA-256 (FIPS 180-4, https://csrc.nist.gov/pubs/fips/180-4/upd1/final) whose intermediate
/// state can be saved and continued later, by any instance: so the requests of one blob upload
/// each hash only their own bytes and completing it reads nothing back.
/// Get one from <see cref="ResumableSha256"/>. Not thread-safe.
/// </summary>
public interface IResumableSha256
{
    /// <summary>Bytes hashed so far.</summary>
    long Length { get; }

    /// <summary>Hashes <paramref name="data"/> after the bytes hashed so far.</summary>
    void Append(ReadOnlySpan<byte> data);

    /// <summary>
    /// The state after the bytes hashed so far, in the one format every implementation reads
    /// (<see cref="ResumableSha256.Import"/>; at most <see cref="ResumableSha256.MaxStateLength"/> bytes).
    /// </summary>
    byte[] ExportState();

    /// <summary>The digest of the bytes hashed so far; the hasher stays usable (a copy is finalized).</summary>
    Digest GetDigest();
}
