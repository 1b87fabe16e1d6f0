namespace Registry.Core.Storage.InMemory;

public sealed class InMemoryRepositoryCatalog(InMemoryStorage storage) : IRepositoryCatalog
{
    public Task AddAsync(RepositoryName repository, CancellationToken cancellationToken)
    {
        storage.Repositories.TryAdd(repository.Value, repository);
        return Task.CompletedTask;
    }

    public Task<bool> ExistsAsync(RepositoryName repository, CancellationToken cancellationToken) =>
        Task.FromResult(storage.Repositories.ContainsKey(repository.Value));

    public Task<Page<RepositoryName>> ListAsync(int limit, string? last, CancellationToken cancellationToken)
    {
        var names = storage.Repositories.Values
            .Where(name => last is null || RepositoryName.Compare(name.Value, last) > 0)
            .Order()
            .Take(limit + 1)
            .ToList();
        return Task.FromResult(new Page<RepositoryName>(names.Take(limit).ToList(), names.Count > limit));
    }
}
