namespace Registry.Core.Storage;

/// <summary>
/// Where the token signing key lives when configuration gives none (local runs): generated once and
/// kept in storage so every instance signs and validates with the same key.
/// </summary>
public interface ISigningKeyStore
{
    /// <summary>The stored key, created (atomically, first writer wins) when there is none yet.</summary>
    Task<byte[]> GetOrCreateAsync(CancellationToken cancellationToken);
}
