using Registry.Core.Storage.InMemory;

namespace Microsoft.Extensions.DependencyInjection;

public static class InMemoryStorageExtensions
{
    /// <summary>Registers every storage port on one shared <see cref="InMemoryStorage"/>.</summary>
    public static IServiceCollection AddInMemoryRegistryStorage(this IServiceCollection services, InMemoryStorage? storage = null)
    {
        services.AddSingleton(storage ?? new InMemoryStorage());
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<Registry.Core.Storage.IBlobStore, InMemoryBlobStore>();
        services.AddSingleton<Registry.Core.Storage.IUploadStore, InMemoryUploadStore>();
        services.AddSingleton<Registry.Core.Storage.IManifestStore, InMemoryManifestStore>();
        services.AddSingleton<Registry.Core.Storage.ITagStore, InMemoryTagStore>();
        services.AddSingleton<Registry.Core.Storage.IRepositoryCatalog, InMemoryRepositoryCatalog>();
        services.AddSingleton<Registry.Core.Storage.ICredentialStore, InMemoryCredentialStore>();
        services.AddSingleton<Registry.Core.Storage.ISigningKeyStore, InMemorySigningKeyStore>();
        return services;
    }
}
