using Registry.Core.Auth;

namespace Registry.Core.Storage.InMemory;

public sealed class InMemoryCredentialStore(InMemoryStorage storage) : ICredentialStore
{
    public Task<Credential?> GetAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(name is not null && storage.Credentials.TryGetValue(name, out var credential) ? credential : null);

    public Task<bool> AddAsync(Credential credential, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credential);
        if (!Credential.IsValidName(credential.Name))
        {
            throw new ArgumentException($"'{credential.Name}' is not a credential name", nameof(credential));
        }

        return Task.FromResult(storage.Credentials.TryAdd(credential.Name, credential with { Rules = [.. credential.Rules] }));
    }

    public Task<IReadOnlyList<Credential>> ListAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<Credential> credentials = storage.Credentials.Values.OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        return Task.FromResult(credentials);
    }

    /// <summary>Sets RevokedAt once: revoking again keeps the first time, the record of when it stopped working.</summary>
    public Task<bool> RevokeAsync(string name, DateTimeOffset at, CancellationToken cancellationToken)
    {
        while (name is not null && storage.Credentials.TryGetValue(name, out var credential))
        {
            if (credential.RevokedAt is not null
                || storage.Credentials.TryUpdate(name, credential with { RevokedAt = at }, credential))
            {
                return Task.FromResult(true);
            }
        }

        return Task.FromResult(false);
    }
}
