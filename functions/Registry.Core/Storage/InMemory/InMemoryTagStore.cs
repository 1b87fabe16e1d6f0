namespace Registry.Core.Storage.InMemory;

public sealed class InMemoryTagStore(InMemoryStorage storage) : ITagStore
{
    public Task<Digest?> ResolveAsync(RepositoryName repository, Tag tag, CancellationToken cancellationToken) =>
        Task.FromResult(storage.Tags.TryGetValue((repository.Value, tag.Value), out var digest) ? digest : (Digest?)null);

    public Task SetAsync(RepositoryName repository, Tag tag, Digest digest, CancellationToken cancellationToken)
    {
        storage.Tags[(repository.Value, tag.Value)] = digest;
        return Task.CompletedTask;
    }

    public Task<bool> DeleteAsync(RepositoryName repository, Tag tag, CancellationToken cancellationToken) =>
        Task.FromResult(storage.Tags.TryRemove((repository.Value, tag.Value), out _));

    public Task DeleteAllAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken)
    {
        foreach (var entry in storage.Tags.Where(entry => entry.Key.Repository == repository.Value && entry.Value == digest))
        {
            storage.Tags.TryRemove(entry.Key, out _);
        }

        return Task.CompletedTask;
    }

    public Task<Page<Tag>> ListAsync(RepositoryName repository, int limit, string? last, CancellationToken cancellationToken)
    {
        var tags = storage.Tags.Keys
            .Where(key => key.Repository == repository.Value && (last is null || string.CompareOrdinal(key.Tag, last) > 0))
            .Select(key => key.Tag)
            .Order(StringComparer.Ordinal)
            .Take(limit + 1)
            .Select(Tag.Parse)
            .ToList();
        return Task.FromResult(new Page<Tag>(tags.Take(limit).ToList(), tags.Count > limit));
    }
}
