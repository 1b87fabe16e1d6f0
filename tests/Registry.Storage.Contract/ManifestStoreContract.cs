using Registry.Core;
using Registry.Core.Manifests;
using Registry.Core.Storage;
using static Registry.Storage.Contract.TestData;

namespace Registry.Storage.Contract;

/// <summary>What every <see cref="IManifestStore"/> must do.</summary>
public abstract class ManifestStoreContract : StorageContract
{
    private const string SignatureType = "application/vnd.example.signature.v1+json";
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task UnknownManifest_GetExistsDeleteReferrers_ReturnNothing()
    {
        var repository = NewRepository();
        var digest = RandomDigest();

        Assert.Null(await Storage.Manifests.GetAsync(repository, digest, None));
        Assert.False(await Storage.Manifests.ExistsAsync(repository, digest, None));
        Assert.False(await Storage.Manifests.DeleteAsync(repository, digest, None));
        Assert.Empty(await Storage.Manifests.ListReferrersAsync(repository, digest, None));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(64 * 1024)]
    [InlineData(500 * 1024)]
    [InlineData(11 * 64 * 1024)]
    [InlineData((11 * 64 * 1024) + 1)]
    [InlineData(2 * MiB)]
    [InlineData(ManifestLimits.MaxSize)]
    public async Task PutAsync_ManifestOfSize_GetReturnsItByteForByte(int size)
    {
        var repository = NewRepository();
        var manifest = Manifest(size, annotations: new Dictionary<string, string> { ["a"] = "b" });

        await Storage.Manifests.PutAsync(repository, manifest, None);
        var stored = await Storage.Manifests.GetAsync(repository, manifest.Digest, None);

        AssertSameManifest(manifest, stored);
        Assert.True(await Storage.Manifests.ExistsAsync(repository, manifest.Digest, None));
    }

    [Fact]
    public async Task PutAsync_Referrer_GetReturnsEveryField()
    {
        var repository = NewRepository();
        var manifest = Manifest(subject: RandomDigest(), artifactType: SignatureType, annotations: Annotations(100));

        await Storage.Manifests.PutAsync(repository, manifest, None);

        AssertSameManifest(manifest, await Storage.Manifests.GetAsync(repository, manifest.Digest, None));
    }

    [Fact]
    public async Task PutAsync_NoAnnotationsOrSubject_GetReturnsNulls()
    {
        var repository = NewRepository();
        var manifest = Manifest();

        await Storage.Manifests.PutAsync(repository, manifest, None);
        var stored = await Storage.Manifests.GetAsync(repository, manifest.Digest, None);

        Assert.NotNull(stored);
        Assert.Null(stored.Subject);
        Assert.Null(stored.Annotations);
        Assert.Equal("application/vnd.oci.image.config.v1+json", stored.ArtifactType);
    }

    [Fact]
    public async Task PutAsync_Twice_IsIdempotent()
    {
        var repository = NewRepository();
        var manifest = Manifest(2 * MiB, subject: RandomDigest());

        await Storage.Manifests.PutAsync(repository, manifest, None);
        await Storage.Manifests.PutAsync(repository, manifest, None);

        AssertSameManifest(manifest, await Storage.Manifests.GetAsync(repository, manifest.Digest, None));
        Assert.Single(await Storage.Manifests.ListReferrersAsync(repository, manifest.Subject!.Value, None));
    }

    [Fact]
    public async Task GetAsync_OtherRepository_ReturnsNull()
    {
        var manifest = Manifest();
        await Storage.Manifests.PutAsync(NewRepository(), manifest, None);

        Assert.Null(await Storage.Manifests.GetAsync(NewRepository(), manifest.Digest, None));
        Assert.False(await Storage.Manifests.ExistsAsync(NewRepository(), manifest.Digest, None));
    }

    [Fact]
    public async Task DeleteAsync_StoredManifest_RemovesItOnce()
    {
        var repository = NewRepository();
        var manifest = Manifest();
        await Storage.Manifests.PutAsync(repository, manifest, None);

        Assert.True(await Storage.Manifests.DeleteAsync(repository, manifest.Digest, None));

        Assert.Null(await Storage.Manifests.GetAsync(repository, manifest.Digest, None));
        Assert.False(await Storage.Manifests.ExistsAsync(repository, manifest.Digest, None));
        Assert.False(await Storage.Manifests.DeleteAsync(repository, manifest.Digest, None));
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(2 * MiB)]
    public async Task DeleteAsync_InOneRepository_OtherRepositoryKeepsIt(int size)
    {
        var first = NewRepository();
        var second = NewRepository();
        var manifest = Manifest(size);
        await Storage.Manifests.PutAsync(first, manifest, None);
        await Storage.Manifests.PutAsync(second, manifest, None);

        await Storage.Manifests.DeleteAsync(first, manifest.Digest, None);

        Assert.Null(await Storage.Manifests.GetAsync(first, manifest.Digest, None));
        AssertSameManifest(manifest, await Storage.Manifests.GetAsync(second, manifest.Digest, None));
    }

    [Fact]
    public async Task ListReferrersAsync_ManifestsWithSubject_ListsTheirDescriptors()
    {
        var repository = NewRepository();
        var subject = RandomDigest();
        var signature = Manifest(subject: subject, artifactType: SignatureType, annotations: Annotations(10));
        var sbom = Manifest(subject: subject);
        var unrelated = Manifest(subject: RandomDigest(), artifactType: SignatureType);
        foreach (var manifest in new[] { signature, sbom, unrelated, Manifest() })
        {
            await Storage.Manifests.PutAsync(repository, manifest, None);
        }

        var referrers = await Storage.Manifests.ListReferrersAsync(repository, subject, None);

        Assert.Equal(2, referrers.Count);
        var expected = new[] { signature, sbom }.OrderBy(m => m.Digest.ToString(), StringComparer.Ordinal).ToList();
        var actual = referrers.OrderBy(d => d.Digest.ToString(), StringComparer.Ordinal).ToList();
        for (var i = 0; i < 2; i++)
        {
            AssertSameDescriptor(expected[i].ToDescriptor(), actual[i]);
        }
    }

    [Fact]
    public async Task ListReferrersAsync_OtherRepository_IsEmpty()
    {
        var subject = RandomDigest();
        await Storage.Manifests.PutAsync(NewRepository(), Manifest(subject: subject), None);

        Assert.Empty(await Storage.Manifests.ListReferrersAsync(NewRepository(), subject, None));
    }

    [Fact]
    public async Task ListReferrersAsync_AfterDeletingAReferrer_OmitsIt()
    {
        var repository = NewRepository();
        var subject = RandomDigest();
        var kept = Manifest(subject: subject);
        var deleted = Manifest(subject: subject);
        await Storage.Manifests.PutAsync(repository, kept, None);
        await Storage.Manifests.PutAsync(repository, deleted, None);

        await Storage.Manifests.DeleteAsync(repository, deleted.Digest, None);

        var referrer = Assert.Single(await Storage.Manifests.ListReferrersAsync(repository, subject, None));
        Assert.Equal(kept.Digest, referrer.Digest);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(3 * MiB)]
    public async Task PutAsync_HugeAnnotationsAndArtifactType_RoundTripAndListAsReferrer(int size)
    {
        var repository = NewRepository();
        var subject = RandomDigest();
        var artifactType = "application/vnd.example." + new string('t', 2000) + "+json";
        var manifest = Manifest(size: Math.Max(size, 200 * 1024), subject: subject, artifactType: artifactType, annotations: Annotations(100 * 1024));

        await Storage.Manifests.PutAsync(repository, manifest, None);

        AssertSameManifest(manifest, await Storage.Manifests.GetAsync(repository, manifest.Digest, None));
        var referrer = Assert.Single(await Storage.Manifests.ListReferrersAsync(repository, subject, None));
        AssertSameDescriptor(manifest.ToDescriptor(), referrer);
    }

    private static void AssertSameManifest(StoredManifest expected, StoredManifest? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Digest, actual.Digest);
        Assert.Equal(expected.MediaType, actual.MediaType);
        AssertSameBytes(expected.Content, actual.Content);
        Assert.Equal(expected.Size, actual.Size);
        Assert.Equal(expected.Subject, actual.Subject);
        Assert.Equal(expected.ArtifactType, actual.ArtifactType);
        AssertSameAnnotations(expected.Annotations, actual.Annotations);
    }

    private static void AssertSameDescriptor(Descriptor expected, Descriptor actual)
    {
        Assert.Equal(expected.MediaType, actual.MediaType);
        Assert.Equal(expected.Digest, actual.Digest);
        Assert.Equal(expected.Size, actual.Size);
        Assert.Equal(expected.ArtifactType, actual.ArtifactType);
        AssertSameAnnotations(expected.Annotations, actual.Annotations);
    }

    private static void AssertSameAnnotations(IReadOnlyDictionary<string, string>? expected, IReadOnlyDictionary<string, string>? actual)
    {
        if (expected is null)
        {
            Assert.Null(actual);
            return;
        }

        Assert.NotNull(actual);
        Assert.Equal(
            expected.OrderBy(a => a.Key, StringComparer.Ordinal),
            actual.OrderBy(a => a.Key, StringComparer.Ordinal));
    }
}
