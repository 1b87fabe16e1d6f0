using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Registry.Core.Storage;
using Registry.Storage.Azure;

namespace Microsoft.Extensions.DependencyInjection;

public static class AzureStorageExtensions
{
    /// <summary>
    /// Registers every storage port on the Azure Storage account named by <c>AzureWebJobsStorage</c>
    /// (see <see cref="AzureStorageSettings"/>), and creates its container and tables at startup.
    /// </summary>
    public static IServiceCollection AddAzureRegistryStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(AzureStorageSettings.SectionName);
        var settings = AzureStorageSettings.Read(section);
        services.AddAzureClients(clients =>
        {
            if (settings.ConnectionString is { } connectionString)
            {
                clients.AddBlobServiceClient(connectionString);
                clients.AddTableServiceClient(connectionString);
                return;
            }

            // credential=managedidentity (+ clientId) gives a ManagedIdentityCredential; without it the
            // factory falls back to the default credential (DefaultAzureCredential).
            TokenCredential Credential(IServiceProvider provider) =>
                provider.GetRequiredService<AzureComponentFactory>().CreateTokenCredential(section);
            clients.AddBlobServiceClient(settings.BlobServiceUri).WithCredential(Credential);
            clients.AddTableServiceClient(settings.TableServiceUri).WithCredential(Credential);
        });

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider => new AzureStorageAccount(
            provider.GetRequiredService<BlobServiceClient>(), provider.GetRequiredService<TableServiceClient>()));
        services.AddSingleton(provider => new BlobDownloadSigner(
            provider.GetRequiredService<AzureStorageAccount>().BlobService,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ILogger<BlobDownloadSigner>>() ?? NullLogger<BlobDownloadSigner>.Instance));
        services.AddSingleton<IBlobStore, AzureBlobStore>();
        services.AddSingleton<IUploadStore, AzureUploadStore>();
        services.AddSingleton<IManifestStore, AzureManifestStore>();
        services.AddSingleton<ITagStore, AzureTagStore>();
        services.AddSingleton<IRepositoryCatalog, AzureRepositoryCatalog>();
        services.AddSingleton<ICredentialStore, AzureCredentialStore>();
        services.AddSingleton<ISigningKeyStore, AzureSigningKeyStore>();
        services.AddHostedService<AzureStorageInitializer>();
        return services;
    }
}
