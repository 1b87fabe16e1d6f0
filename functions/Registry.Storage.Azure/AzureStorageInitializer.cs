using Microsoft.Extensions.Hosting;

namespace Registry.Storage.Azure;

/// <summary>Creates the container and tables of <see cref="StorageLayout"/> when the host starts.</summary>
internal sealed class AzureStorageInitializer(AzureStorageAccount storage) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => storage.EnsureCreatedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
