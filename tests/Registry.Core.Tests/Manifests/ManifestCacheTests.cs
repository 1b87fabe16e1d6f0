using System.Text;
using Registry.Core.Manifests;
using Registry.Core.Storage;
using Registry.Core.Storage.InMemory;

namespace Registry.Core.Tests.Manifests;

/// <summary>
/// Reads by digest come from the in-process cache; reads by tag always ask storage for the tag, so
/// two instances (two services with their own caches over one store) never disagree about a tag.
/// </summary>
public sealed class ManifestCacheTests : IDisposable
{
    private static readonly RepositoryName Repository = RepositoryName.Parse("team/app");
    private readonly InMemoryStorage storage = new();
    private readonly CountingManifestStore store;
    private readonly ManifestCache firstCache = new();
    private readonly ManifestCache secondCache = new();
    private readonly ManifestService first;
    private readonly ManifestService second;

    public ManifestCacheTests()
    {
        store = new CountingManifestStore(new InMemoryManifestStore(storage));
        first = Service(firstCache);
        second = Service(secondCache);
    }

    [Fact]
    public async Task GetByDigest_SecondReadServedFromCache()
    {
        var manifest = await PutAsync(first, "v1", "a");
        await second.GetAsync(Repository, Reference.Of(manifest), CancellationToken.None);
        var readsAfterFirst = store.Gets;

        var again = await second.GetAsync(Repository, Reference.Of(manifest), CancellationToken.None);

        Assert.True(again.IsSuccess);
        Assert.Equal(readsAfterFirst, store.Gets);
        Assert.Equal(1, readsAfterFirst);
    }

    [Fact]
    public async Task Put_CachesOnTheWritingInstance()
    {
        var manifest = await PutAsync(first, "v1", "a");

        var read = await first.GetAsync(Repository, Reference.Of(manifest), CancellationToken.None);

        Assert.True(read.IsSuccess);
        Assert.Equal(0, store.Gets);
    }

    [Fact]
    public async Task TagMovedByOneInstance_SeenAtOnceByTheOther()
    {
        var old = await PutAsync(first, "latest", "a");
        Assert.Equal(old, (await second.GetAsync(Repository, Reference.Of(Tag.Parse("latest")), CancellationToken.None)).Value!.Digest);

        var moved = await PutAsync(first, "latest", "b");

        Assert.Equal(moved, (await second.GetAsync(Repository, Reference.Of(Tag.Parse("latest")), CancellationToken.None)).Value!.Digest);
    }

    [Fact]
    public async Task DeleteByDigest_ForgottenByTheDeletingInstance()
    {
        var manifest = await PutAsync(first, "v1", "a");

        Assert.Null(await first.DeleteAsync(Repository, Reference.Of(manifest), CancellationToken.None));

        var read = await first.GetAsync(Repository, Reference.Of(manifest), CancellationToken.None);
        Assert.Equal("MANIFEST_UNKNOWN", read.Error!.Code.Code);
    }

    [Fact]
    public async Task Cache_IsPerRepository()
    {
        var manifest = await PutAsync(first, "v1", "a");

        var elsewhere = await first.GetAsync(RepositoryName.Parse("other/app"), Reference.Of(manifest), CancellationToken.None);

        Assert.Equal("MANIFEST_UNKNOWN", elsewhere.Error!.Code.Code);
    }

    [Fact]
    public void Cache_BoundedByBytes()
    {
        using var small = new ManifestCache(sizeLimit: 100, TimeSpan.FromMinutes(1));
        var big = new StoredManifest(Digest.Compute([1]), MediaTypes.OciIndex, new byte[200], null, null, null);

        small.Set(Repository, big);

        Assert.Null(small.Get(Repository, big.Digest));
    }

    public void Dispose()
    {
        firstCache.Dispose();
        secondCache.Dispose();
    }

    private ManifestService Service(ManifestCache cache) =>
        new(store, new InMemoryTagStore(storage), new InMemoryBlobStore(storage), new InMemoryRepositoryCatalog(storage), cache);

    /// <summary>Pushes an index with no children (so no blob needs to exist), distinct per <paramref name="marker"/>.</summary>
    private static async Task<Digest> PutAsync(ManifestService service, string tag, string marker)
    {
        var bytes = Encoding.UTF8.GetBytes($"{{\"schemaVersion\":2,\"mediaType\":\"{MediaTypes.OciIndex}\",\"manifests\":[],\"annotations\":{{\"m\":\"{marker}\"}}}}");
        var put = await service.PutAsync(Repository, Reference.Of(Tag.Parse(tag)), bytes, MediaTypes.OciIndex, CancellationToken.None);
        Assert.True(put.IsSuccess, put.Error?.ToString());
        return put.Value!.Digest;
    }

    private sealed class CountingManifestStore(IManifestStore inner) : IManifestStore
    {
        public int Gets { get; private set; }

        public Task PutAsync(RepositoryName repository, StoredManifest manifest, CancellationToken cancellationToken) => inner.PutAsync(repository, manifest, cancellationToken);

        public Task<StoredManifest?> GetAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken)
        {
            Gets++;
            return inner.GetAsync(repository, digest, cancellationToken);
        }

        public Task<bool> ExistsAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken) => inner.ExistsAsync(repository, digest, cancellationToken);

        public Task<bool> DeleteAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken) => inner.DeleteAsync(repository, digest, cancellationToken);

        public Task<IReadOnlyList<Descriptor>> ListReferrersAsync(RepositoryName repository, Digest subject, CancellationToken cancellationToken) =>
            inner.ListReferrersAsync(repository, subject, cancellationToken);
    }
}
