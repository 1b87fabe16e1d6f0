using Registry.Storage.Contract;

namespace Registry.Storage.Azure.Tests;

public sealed class AzureBlobStoreContractTests(AzuriteFixture azurite) : BlobStoreContract, IClassFixture<AzuriteFixture>
{
    /// <summary>Azurite's connection string holds the account key: the store signs account-key SAS URLs.</summary>
    protected override bool SignsDownloadUris => true;

    protected override StorageUnderTest CreateStorage() => azurite.CreateStorage();
}

public sealed class AzureUploadStoreContractTests(AzuriteFixture azurite) : UploadStoreContract, IClassFixture<AzuriteFixture>
{
    protected override StorageUnderTest CreateStorage() => azurite.CreateStorage();
}

public sealed class AzureManifestStoreContractTests(AzuriteFixture azurite) : ManifestStoreContract, IClassFixture<AzuriteFixture>
{
    protected override StorageUnderTest CreateStorage() => azurite.CreateStorage();
}

public sealed class AzureTagStoreContractTests(AzuriteFixture azurite) : TagStoreContract, IClassFixture<AzuriteFixture>
{
    protected override StorageUnderTest CreateStorage() => azurite.CreateStorage();
}

public sealed class AzureRepositoryCatalogContractTests(AzuriteFixture azurite) : RepositoryCatalogContract, IClassFixture<AzuriteFixture>
{
    protected override StorageUnderTest CreateStorage() => azurite.CreateStorage();
}

public sealed class AzureCredentialStoreContractTests(AzuriteFixture azurite) : CredentialStoreContract, IClassFixture<AzuriteFixture>
{
    protected override StorageUnderTest CreateStorage() => azurite.CreateStorage();
}

public sealed class AzureSigningKeyStoreContractTests(AzuriteFixture azurite) : SigningKeyStoreContract, IClassFixture<AzuriteFixture>
{
    protected override StorageUnderTest CreateStorage() => azurite.CreateStorage();
}
