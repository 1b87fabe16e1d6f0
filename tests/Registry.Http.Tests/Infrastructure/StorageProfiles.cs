using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Registry.Http.Tests.Infrastructure;

public static class StorageProfiles
{
    public static void InMemory(IServiceCollection services) => services.AddInMemoryRegistryStorage();

    /// <summary>Azurite (or any account) from REGISTRY_TEST_STORAGE; default the local emulator.</summary>
    public static void Azurite(IServiceCollection services)
    {
        var connection = Environment.GetEnvironmentVariable("REGISTRY_TEST_STORAGE") ?? "UseDevelopmentStorage=true";
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = connection })
            .Build();
        services.AddAzureRegistryStorage(configuration);
    }
}
