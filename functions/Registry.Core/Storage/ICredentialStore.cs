using Registry.Core.Auth;

namespace Registry.Core.Storage;

/// <summary>Credentials that may request tokens, by name.</summary>
public interface ICredentialStore
{
    Task<Credential?> GetAsync(string name, CancellationToken cancellationToken);

    /// <summary>Adds a new credential; false when the name is taken.</summary>
    Task<bool> AddAsync(Credential credential, CancellationToken cancellationToken);

    /// <summary>All credentials, revoked and expired ones included, by name.</summary>
    Task<IReadOnlyList<Credential>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Marks the credential revoked at <paramref name="at"/>; false when there is none.</summary>
    Task<bool> RevokeAsync(string name, DateTimeOffset at, CancellationToken cancellationToken);
}
