using Registry.Core.Manifests;
using Registry.Core.Uploads;

namespace Microsoft.Extensions.DependencyInjection;

public static class RegistryCoreServices
{
    /// <summary>Registers the registry's rules; a storage backend must register the ports.</summary>
    public static IServiceCollection AddRegistryCore(this IServiceCollection services)
    {
        services.AddSingleton<UploadService>();
        services.AddSingleton<ManifestCache>();
        services.AddSingleton<ManifestService>();
        return services;
    }
}
