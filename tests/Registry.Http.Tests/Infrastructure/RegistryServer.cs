using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Registry.Http.Tests.Infrastructure;

/// <summary>The shared endpoint on an in-process test server, over whatever storage the caller registers.</summary>
public sealed class RegistryServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private RegistryServer(WebApplication app)
    {
        this.app = app;
        var server = app.GetTestServer();
        Client = new HttpClient(new StorageRedirectFollower(server.CreateHandler())) { BaseAddress = server.BaseAddress };
        RawClient = app.GetTestClient();
    }

    /// <summary>A client that follows a blob GET's redirect to storage as registry clients do (see <see cref="StorageRedirectFollower"/>).</summary>
    public HttpClient Client { get; }

    /// <summary>A client that sees the registry's own answers: a redirect stays a 307.</summary>
    public HttpClient RawClient { get; }

    public IServiceProvider Services => app.Services;

    public static async Task<RegistryServer> StartAsync(Action<IServiceCollection> configureStorage)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.AddFilter("Azure", LogLevel.Warning);
        builder.Services.AddRegistryEndpoint();
        configureStorage(builder.Services);
        var app = builder.Build();
        app.UseRegistry();
        await app.StartAsync();
        return new RegistryServer(app);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        RawClient.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
