using Azure.Data.Tables;
using Registry.Core.Auth;
using Registry.Storage.Contract;

namespace Registry.Storage.Azure.Tests;

/// <summary>What the credential and signing-key stores leave in the account, checked against <see cref="StorageLayout"/>.</summary>
public sealed class AzureAuthStoreLayoutTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Created = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private readonly StorageRequestLog log = new();
    private readonly AzureStorageAccount account;

    public AzureAuthStoreLayoutTests() => account = AzuriteFixture.CreateAccount(log.BlobPolicy, log.TablePolicy);

    public Task InitializeAsync() => AzuriteFixture.EnsureReachableAsync(account);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AddAsync_Credential_WritesTheDocumentedRow()
    {
        var name = NewName();
        var credential = new Credential(
            name, "pbkdf2-sha256$1$c2FsdA==$aGFzaA==", [new AccessRule("team/*", ["pull", "push"]), new AccessRule("*", ["pull"])],
            Created, Created.AddYears(1), null);

        await new AzureCredentialStore(account).AddAsync(credential, None);

        var entity = (await account.Credentials.GetEntityAsync<TableEntity>("credential", name)).Value;
        Assert.Equal(credential.SecretHash, entity.GetString("SecretHash"));
        Assert.Equal("""[{"repositories":"team/*","actions":["pull","push"]},{"repositories":"*","actions":["pull"]}]""", entity.GetString("Rules"));
        Assert.Equal(Created, entity.GetDateTimeOffset("CreatedAt"));
        Assert.Equal(Created.AddYears(1), entity.GetDateTimeOffset("ExpiresAt"));
        Assert.False(entity.ContainsKey("RevokedAt"));
    }

    [Fact]
    public async Task RevokeAsync_Credential_MergesRevokedAtIntoTheRow()
    {
        var store = new AzureCredentialStore(account);
        var name = NewName();
        await store.AddAsync(new Credential(name, "hash", [new AccessRule("*", ["pull"])], Created, null, null), None);

        await store.RevokeAsync(name, Created.AddDays(1), None);

        var entity = (await account.Credentials.GetEntityAsync<TableEntity>("credential", name)).Value;
        Assert.Equal(Created.AddDays(1), entity.GetDateTimeOffset("RevokedAt"));
        Assert.Equal("hash", entity.GetString("SecretHash"));
    }

    [Fact]
    public async Task GetOrCreateAsync_KeepsTheKeyInTheSigningKeyBlob()
    {
        var key = await new AzureSigningKeyStore(account).GetOrCreateAsync(None);

        var blob = (await account.Container.GetBlobClient("auth/signing-key").DownloadContentAsync()).Value.Content.ToArray();
        Assert.Equal(key, blob);
    }

    [Fact]
    public async Task GetOrCreateAsync_SecondCall_IsServedFromMemory()
    {
        var store = new AzureSigningKeyStore(account);
        await store.GetOrCreateAsync(None);
        log.Clear();

        await store.GetOrCreateAsync(None);

        Assert.DoesNotContain(log.Requests, request => request.Contains("blob", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadOrCreateAsync_NoBlobAndManyRacing_FirstWriterWinsForAll()
    {
        // A scratch blob, so the registry's own key is never replaced under other tests.
        var blob = account.Container.GetBlobClient($"auth/test-{TestData.UniquePrefix()}");
        try
        {
            var keys = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => AzureSigningKeyStore.ReadOrCreateAsync(blob, None)));

            var stored = (await blob.DownloadContentAsync()).Value.Content.ToArray();
            Assert.Equal(StorageLayout.SigningKeySize, stored.Length);
            Assert.All(keys, key => Assert.Equal(stored, key));
        }
        finally
        {
            await blob.DeleteIfExistsAsync();
        }
    }

    [Fact]
    public async Task ReadOrCreateAsync_BlobTooShort_FailsNamingIt()
    {
        var blob = account.Container.GetBlobClient($"auth/test-{TestData.UniquePrefix()}");
        await blob.UploadAsync(new BinaryData(new byte[16]));
        try
        {
            var error = await Assert.ThrowsAsync<InvalidDataException>(() => AzureSigningKeyStore.ReadOrCreateAsync(blob, None));

            Assert.Contains(blob.Name, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            await blob.DeleteIfExistsAsync();
        }
    }

    private static string NewName() => "layout-" + TestData.UniquePrefix();
}
