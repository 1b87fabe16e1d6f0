using Microsoft.Extensions.DependencyInjection;

namespace Registry.Http.Tests.Infrastructure;

/// <summary>
/// A flow suite runs once per storage backend: each derived class says which storage the
/// in-process server uses (in-memory here, Azurite in the Azurite variants).
/// </summary>
public abstract class FlowTestBase : IAsyncLifetime
{
    private RegistryServer? server;

    /// <summary>Follows blob redirects to storage, as registry clients do.</summary>
    protected HttpClient Client => server!.Client;

    /// <summary>Sees the registry's own answers (a redirect stays a 307).</summary>
    protected HttpClient RawClient => server!.RawClient;

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
