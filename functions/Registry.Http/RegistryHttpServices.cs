using Microsoft.Extensions.DependencyInjection.Extensions;
using Registry.Http;
using Registry.Http.Access;
using Registry.Http.Handlers;

namespace Microsoft.Extensions.DependencyInjection;

public static class RegistryHttpServices
{
    /// <summary>
    /// Registers the endpoint, its handlers and the core rules. A host adds a storage backend and
    /// may replace <see cref="IAccessGate"/> (open by default).
    /// </summary>
    public static IServiceCollection AddRegistryEndpoint(this IServiceCollection services)
    {
        services.AddRegistryCore();
        services.TryAddSingleton<IAccessGate, OpenAccessGate>();
        services.AddSingleton<BlobHandler>();
        services.AddSingleton<UploadHandler>();
        services.AddSingleton<ManifestHandler>();
        services.AddSingleton<TagsHandler>();
        services.AddSingleton<CatalogHandler>();
        services.AddSingleton<ReferrersHandler>();
        services.AddSingleton<RegistryEndpoint>();
        return services;
    }
}
