using Registry.Core.Storage.InMemory;
using Registry.Storage.Contract;

namespace Registry.Core.Tests.Storage;

/// <summary>The storage contract suites, run against the in-memory stores.</summary>
internal static class InMemoryStorageUnderTest
{
    public static StorageUnderTest Create()
    {
        var storage = new InMemoryStorage();
        return new StorageUnderTest(
            new InMemoryBlobStore(storage),
            new InMemoryUploadStore(storage, TimeProvider.System),
            new InMemoryManifestStore(storage),
            new InMemoryTagStore(storage),
            new InMemoryRepositoryCatalog(storage),
            new InMemoryCredentialStore(storage),
            () => new InMemorySigningKeyStore(storage));
    }
}

public sealed class InMemoryBlobStoreContractTests : BlobStoreContract
{
    protected override StorageUnderTest CreateStorage() => InMemoryStorageUnderTest.Create();
}

public sealed class InMemoryUploadStoreContractTests : UploadStoreContract
{
    protected override StorageUnderTest CreateStorage() => InMemoryStorageUnderTest.Create();
}

public sealed class InMemoryManifestStoreContractTests : ManifestStoreContract
{
    protected override StorageUnderTest CreateStorage() => InMemoryStorageUnderTest.Create();
}

public sealed class InMemoryTagStoreContractTests : TagStoreContract
{
    protected override StorageUnderTest CreateStorage() => InMemoryStorageUnderTest.Create();
}

public sealed class InMemoryRepositoryCatalogContractTests : RepositoryCatalogContract
{
    protected override StorageUnderTest CreateStorage() => InMemoryStorageUnderTest.Create();
}

public sealed class InMemoryCredentialStoreContractTests : CredentialStoreContract
{
    protected override StorageUnderTest CreateStorage() => InMemoryStorageUnderTest.Create();
}

public sealed class InMemorySigningKeyStoreContractTests : SigningKeyStoreContract
{
    protected override StorageUnderTest CreateStorage() => InMemoryStorageUnderTest.Create();
}
