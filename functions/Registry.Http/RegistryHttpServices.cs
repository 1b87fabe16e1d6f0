using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Registry.Http;
using Registry.Http.Access;
using Registry.Http.Handlers;

namespace Microsoft.Extensions.DependencyInjection;

public static class RegistryHttpServices
{
    /// <summary>
    /// Registers the endpoint, its handlers and the core rules, with the settings of the
    /// <c>Registry:Blobs</c> section (<see cref="BlobDownloadOptions"/>). A host adds a storage
    /// backend and may replace <see cref="IAccessGate"/> (open by default).
    /// </summary>
    public static IServiceCollection AddRegistryEndpoint(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddRegistryEndpoint();
        services.Configure<BlobDownloadOptions>(configuration.GetSection(BlobDownloadOptions.Section));
        return services;
    }

    /// <summary>
    /// Registers the endpoint, its handlers and the core rules, with default settings (configure
    /// <see cref="BlobDownloadOptions"/> to change them). A host adds a storage backend and may
    /// replace <see cref="IAccessGate"/> (open by default).
    /// </summary>
    public static IServiceCollection AddRegistryEndpoint(this IServiceCollection services)
    {
        services.AddRegistryCore();
        services.AddOptions<BlobDownloadOptions>()
            .Validate(
                options => options.RedirectLifetime > TimeSpan.Zero && options.RedirectLifetime <= BlobDownloadOptions.MaxRedirectLifetime,
                $"{BlobDownloadOptions.Section}:{nameof(BlobDownloadOptions.RedirectLifetime)} must be positive and at most {BlobDownloadOptions.MaxRedirectLifetime}")
            .ValidateOnStart();
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
