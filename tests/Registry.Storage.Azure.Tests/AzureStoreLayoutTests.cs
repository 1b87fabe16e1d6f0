using Azure.Data.Tables;
using Registry.Core;
using Registry.Storage.Contract;

namespace Registry.Storage.Azure.Tests;

/// <summary>What the Azure stores leave in the account, checked against <see cref="StorageLayout"/>.</summary>
public sealed class AzureStoreLayoutTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly AzureStorageAccount account = azurite.Account;
    private readonly AzureUploadStore uploads = new(azurite.Account, TimeProvider.System);

    [Fact]
    public async Task PublishAsync_NewDigest_KeepsBytesUnderTheUploadNameAndIndexesThem()
    {
        var repository = NewRepository();
        var content = TestData.RandomBytes(5000);
        var session = await StageAsync(repository, content);

        var blob = await uploads.PublishAsync(session, Digest.Compute(content), None);

        Assert.NotNull(blob);
        var name = StorageLayout.UploadBlobName(session.Id);
        var index = (await account.BlobIndex.GetEntityAsync<TableEntity>(blob.Digest.ToString(), string.Empty)).Value;
        var link = (await account.RepositoryBlobs.GetEntityAsync<TableEntity>(TableKeys.FromRepository(repository), blob.Digest.ToString())).Value;
        Assert.Equal(name, index.GetString("BlobName"));
        Assert.Equal(5000, index.GetInt64("Size"));
        Assert.Equal(name, link.GetString("BlobName"));
        Assert.Equal(5000, (await account.Container.GetBlobClient(name).GetPropertiesAsync()).Value.ContentLength);
        Assert.False((await account.Uploads.GetEntityIfExistsAsync<TableEntity>(session.Id.Value, string.Empty)).HasValue);
    }

    [Fact]
    public async Task PublishAsync_DigestAlreadyHeld_DeletesTheSecondUploadsBlob()
    {
        var content = TestData.RandomBytes(5000);
        var first = await StageAsync(NewRepository(), content);
        await uploads.PublishAsync(first, Digest.Compute(content), None);
        var second = await StageAsync(NewRepository(), content);

        await uploads.PublishAsync(second, Digest.Compute(content), None);

        Assert.True(await account.Container.GetBlobClient(StorageLayout.UploadBlobName(first.Id)).ExistsAsync());
        Assert.False(await account.Container.GetBlobClient(StorageLayout.UploadBlobName(second.Id)).ExistsAsync());
    }

    [Fact]
    public async Task DeleteAsync_StagedUpload_LeavesNoBlobAndNoRow()
    {
        var session = await StageAsync(NewRepository(), TestData.RandomBytes(100));

        await uploads.DeleteAsync(session, None);

        Assert.False(await account.Container.GetBlobClient(StorageLayout.UploadBlobName(session.Id)).ExistsAsync());
        Assert.False((await account.Uploads.GetEntityIfExistsAsync<TableEntity>(session.Id.Value, string.Empty)).HasValue);
    }

    [Fact]
    public async Task SaveAsync_HashState_IsABinaryProperty()
    {
        var repository = NewRepository();
        var session = await uploads.CreateAsync(repository, None);
        var state = TestData.RandomBytes(108);

        await uploads.SaveAsync(session with { HashState = state }, None);

        var entity = (await account.Uploads.GetEntityAsync<TableEntity>(session.Id.Value, string.Empty)).Value;
        Assert.Equal(state, entity.GetBinary("HashState"));
    }

    [Fact]
    public async Task SaveAsync_ManySegments_SpreadsThemOverSeveralProperties()
    {
        var repository = NewRepository();
        var session = await uploads.CreateAsync(repository, None);
        var segments = Enumerable.Range(0, 3000).Select(i => new Registry.Core.Storage.UploadSegment($"{i:x8}", 1, 65536)).ToList();

        var saved = await uploads.SaveAsync(session with { Offset = 3000L * 65536, Segments = segments }, None);
        var found = await uploads.GetAsync(repository, session.Id, None);

        var entity = (await account.Uploads.GetEntityAsync<TableEntity>(session.Id.Value, string.Empty)).Value;
        Assert.NotNull(saved);
        Assert.Equal(segments, found!.Segments);
        Assert.NotNull(entity.GetString("Segments01"));
    }

    [Theory]
    [InlineData(1000, false)]
    [InlineData(11 * 64 * 1024, false)]
    [InlineData((11 * 64 * 1024) + 1, true)]
    public async Task PutAsync_Manifest_SpillsOnlyWhenTooBigToSitInline(int size, bool spills)
    {
        var manifests = new AzureManifestStore(account);
        var manifest = TestData.Manifest(size);

        await manifests.PutAsync(NewRepository(), manifest, None);

        Assert.Equal(spills, (await account.Container.GetBlobClient(StorageLayout.ManifestBlobName(manifest.Digest)).ExistsAsync()).Value);
    }

    [Fact]
    public async Task PutAsync_LargestInlineManifestWithLargestInlineDescriptor_FitsTheEntity()
    {
        var manifests = new AzureManifestStore(account);
        var repository = RepositoryName.Parse(string.Join('/', Enumerable.Repeat("ab", 84)) + "/" + TestData.UniquePrefix()[..3]);
        var artifactType = "application/" + new string('\u00e9', StorageLayout.MaxArtifactTypeLength - 12);
        // Backslashes double when the annotations JSON is written, and again inside the request body.
        var annotations = new Dictionary<string, string> { ["q"] = new string('\\', (StorageLayout.MaxAnnotationsLength / 2) - 10) };
        var manifest = TestData.Manifest(StorageLayout.MaxInlineManifestSize, TestData.RandomDigest(), artifactType, annotations);

        await manifests.PutAsync(repository, manifest, None);

        var stored = await manifests.GetAsync(repository, manifest.Digest, None);
        var entity = (await account.Manifests.GetEntityAsync<TableEntity>(TableKeys.FromRepository(repository), manifest.Digest.ToString())).Value;
        Assert.Equal(manifest.Annotations!["q"], stored!.Annotations!["q"]);
        Assert.Equal(artifactType, stored.ArtifactType);
        Assert.Null(entity.GetBoolean("DescriptorInContent"));
        Assert.Null(entity.GetString("SpillBlob"));
    }

    [Fact]
    public async Task UnreachableAccount_FailsWithHowToStartAzurite()
    {
        var unreachable = AzuriteFixture.CreateAccount(connectionString:
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
            "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
            "BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;TableEndpoint=http://127.0.0.1:1/devstoreaccount1;");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => AzuriteFixture.EnsureReachableAsync(unreachable));

        Assert.Contains(AzuriteFixture.Variable, error.Message, StringComparison.Ordinal);
        Assert.Contains("azurite", error.Message, StringComparison.Ordinal);
    }

    private static RepositoryName NewRepository() => RepositoryName.Parse($"{TestData.UniquePrefix()}/layout");

    private async Task<Registry.Core.Storage.UploadSession> StageAsync(RepositoryName repository, byte[] content)
    {
        var session = await uploads.CreateAsync(repository, None);
        var segment = await uploads.StageAsync(session, new MemoryStream(content), None);
        return (await uploads.SaveAsync(session with { Offset = segment.Length, Segments = [segment] }, None))!;
    }
}
