using Microsoft.Extensions.DependencyInjection;

namespace Registry.Http.Tests.Infrastructure;

/// <summary>
/// A flow suite runs once per storage backend: each derived class says which storage the
/// in-process server uses (in-memory here, Azurite in the Azurite variants).
/// </summary>
public abstract class FlowTestBase : IAsyncLifetime
{
    private RegistryServer? server;

    protected HttpClient Client => server!.Client;

    protected IServiceProvider Services => server!.Services;

    public async Task InitializeAsync() => server = await RegistryServer.StartAsync(AddStorage);

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    protected abstract void AddStorage(IServiceCollection services);
}
