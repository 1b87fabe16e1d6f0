using Microsoft.Extensions.Caching.Memory;

namespace Registry.Core.Manifests;

/// <summary>
/// Manifests by digest, in process memory: a digest names immutable bytes, so a cached manifest is
/// never wrong, only possibly deleted since. Tags are never cached, so a tag moved by one instance is
/// seen by the next read on any other. Bounded by total manifest bytes; an entry lives at most
/// <see cref="Lifetime"/>, which bounds how long another instance may still serve a manifest deleted
/// by digest elsewhere (this instance forgets it at once).
/// </summary>
public sealed class ManifestCache : IDisposable
{
    /// <summary>Default bound on the cached manifest bytes of one instance.</summary>
    public const long DefaultSizeLimit = 64L * 1024 * 1024;

    private readonly MemoryCache cache;

    public ManifestCache()
        : this(DefaultSizeLimit, TimeSpan.FromMinutes(1))
    {
    }

    public ManifestCache(long sizeLimit, TimeSpan lifetime)
    {
        cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = sizeLimit });
        Lifetime = lifetime;
    }

    public TimeSpan Lifetime { get; }

    public StoredManifest? Get(RepositoryName repository, Digest digest) =>
        cache.TryGetValue(Key(repository, digest), out StoredManifest? manifest) ? manifest : null;

    public void Set(RepositoryName repository, StoredManifest manifest) =>
        cache.Set(Key(repository, manifest.Digest), manifest, new MemoryCacheEntryOptions
        {
            Size = Math.Max(1, manifest.Size),
            AbsoluteExpirationRelativeToNow = Lifetime,
        });

    public void Remove(RepositoryName repository, Digest digest) => cache.Remove(Key(repository, digest));

    public void Dispose() => cache.Dispose();

    private static string Key(RepositoryName repository, Digest digest) => $"{repository.Value}@{digest}";
}
