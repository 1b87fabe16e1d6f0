namespace Registry.Core.Storage.InMemory;

public sealed class InMemorySigningKeyStore(InMemoryStorage storage) : ISigningKeyStore
{
    /// <summary>A copy each time, so no caller can change the key for the others.</summary>
    public Task<byte[]> GetOrCreateAsync(CancellationToken cancellationToken) => Task.FromResult(storage.SigningKey.Value.ToArray());
}
