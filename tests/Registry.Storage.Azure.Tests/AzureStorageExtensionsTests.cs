using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Registry.Core.Storage;

namespace Registry.Storage.Azure.Tests;

public sealed class AzureStorageExtensionsTests
{
    [Fact]
    public void AddAzureRegistryStorage_ConnectionString_RegistersEveryPortOnIt()
    {
        using var provider = Build(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" });

        Assert.IsType<AzureBlobStore>(provider.GetRequiredService<IBlobStore>());
        Assert.IsType<AzureUploadStore>(provider.GetRequiredService<IUploadStore>());
        Assert.IsType<AzureManifestStore>(provider.GetRequiredService<IManifestStore>());
        Assert.IsType<AzureTagStore>(provider.GetRequiredService<ITagStore>());
        Assert.IsType<AzureRepositoryCatalog>(provider.GetRequiredService<IRepositoryCatalog>());
        Assert.IsType<AzureCredentialStore>(provider.GetRequiredService<ICredentialStore>());
        Assert.IsType<AzureSigningKeyStore>(provider.GetRequiredService<ISigningKeyStore>());
        Assert.Same(provider.GetRequiredService<ISigningKeyStore>(), provider.GetRequiredService<ISigningKeyStore>());
        Assert.Same(provider.GetRequiredService<IBlobStore>(), provider.GetRequiredService<IBlobStore>());
        Assert.Contains(provider.GetServices<IHostedService>(), service => service is AzureStorageInitializer);
        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), provider.GetRequiredService<BlobServiceClient>().Uri);
        Assert.Equal("registry", provider.GetRequiredService<AzureStorageAccount>().Container.Name);
    }

    [Fact]
    public void AddAzureRegistryStorage_ServiceUrisWithManagedIdentity_UsesThoseEndpoints()
    {
        using var provider = Build(new()
        {
            ["AzureWebJobsStorage:blobServiceUri"] = "https://example.blob.core.windows.net",
            ["AzureWebJobsStorage:tableServiceUri"] = "https://example.table.core.windows.net",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000001",
        });

        Assert.Equal(new Uri("https://example.blob.core.windows.net"), provider.GetRequiredService<BlobServiceClient>().Uri);
        Assert.Equal("example", provider.GetRequiredService<TableServiceClient>().AccountName);
        Assert.IsType<AzureUploadStore>(provider.GetRequiredService<IUploadStore>());
    }

    [Fact]
    public void AddAzureRegistryStorage_AccountName_DerivesTheEndpoints()
    {
        using var provider = Build(new() { ["AzureWebJobsStorage:accountName"] = "example" });

        Assert.Equal(new Uri("https://example.blob.core.windows.net"), provider.GetRequiredService<BlobServiceClient>().Uri);
        Assert.Equal("example", provider.GetRequiredService<TableServiceClient>().AccountName);
    }

    [Fact]
    public void AddAzureRegistryStorage_NothingConfigured_ThrowsNamingTheSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build([]));

        Assert.Contains("AzureWebJobsStorage__blobServiceUri", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddAzureRegistryStorage(configuration).BuildServiceProvider();
    }
}
