using Registry.Core.Manifests;

namespace Registry.Core.Storage.InMemory;

public sealed class InMemoryManifestStore(InMemoryStorage storage) : IManifestStore
{
    public Task PutAsync(RepositoryName repository, StoredManifest manifest, CancellationToken cancellationToken)
    {
        storage.Manifests[(repository.Value, manifest.Digest)] = manifest with { Content = manifest.Content.ToArray() };
        return Task.CompletedTask;
    }

    public Task<StoredManifest?> GetAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken) =>
        Task.FromResult(storage.Manifests.TryGetValue((repository.Value, digest), out var manifest) ? manifest : null);

    public Task<bool> ExistsAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken) =>
        Task.FromResult(storage.Manifests.ContainsKey((repository.Value, digest)));

    public Task<bool> DeleteAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken) =>
        Task.FromResult(storage.Manifests.TryRemove((repository.Value, digest), out _));

    public Task<IReadOnlyList<Descriptor>> ListReferrersAsync(RepositoryName repository, Digest subject, CancellationToken cancellationToken)
    {
        IReadOnlyList<Descriptor> referrers = storage.Manifests
            .Where(entry => entry.Key.Repository == repository.Value && entry.Value.Subject == subject)
            .Select(entry => entry.Value.ToDescriptor())
            .OrderBy(descriptor => descriptor.Digest.Hex, StringComparer.Ordinal)
            .ToList();
        return Task.FromResult(referrers);
    }
}
