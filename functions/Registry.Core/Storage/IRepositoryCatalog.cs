namespace Registry.Core.Storage;

/// <summary>
/// The repositories that hold something, for <c>/v2/_catalog</c> and to tell an unknown name.
/// </summary>
public interface IRepositoryCatalog
{
    Task AddAsync(RepositoryName repository, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(RepositoryName repository, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> names after <paramref name="last"/>, in the store's key order.</summary>
    Task<Page<RepositoryName>> ListAsync(int limit, string? last, CancellationToken cancellationToken);
}
