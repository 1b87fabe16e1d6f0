using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Auth;
using Registry.Core.Storage;
using Registry.Storage.Azure;

namespace Registry.Admin.Tests;

/// <summary>
/// The services the tool runs on, composed as Program.cs does, on Azurite unless
/// <c>REGISTRY_TEST_STORAGE</c> names another connection string. If it cannot be reached every
/// test using it fails, saying so.
/// </summary>
public sealed class AdminStorageFixture : IAsyncLifetime
{
    public const string Variable = "REGISTRY_TEST_STORAGE";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : "UseDevelopmentStorage=true";

    public ServiceProvider Services { get; } = new ServiceCollection()
        .AddAzureRegistryStorage(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = ConnectionString })
            .Build())
        .BuildServiceProvider();

    public ICredentialStore Credentials => Services.GetRequiredService<ICredentialStore>();

    /// <summary>A credential name no other test uses.</summary>
    public static string NewName() => "admin-" + Guid.NewGuid().ToString("N")[..16];

    public Task<Credential?> GetAsync(string name) => Credentials.GetAsync(name, CancellationToken.None);

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await Services.GetRequiredService<AzureStorageAccount>().EnsureCreatedAsync(timeout.Token);
        }
        catch (Exception e) when (e is global::Azure.RequestFailedException or OperationCanceledException or AggregateException)
        {
            throw new InvalidOperationException(
                $"Azure Storage is not reachable with the connection string from {Variable} (default UseDevelopmentStorage=true). " +
                "Start Azurite first: bash scripts/azurite.sh start /tmp/azurite-dev",
                e);
        }
    }

    public Task DisposeAsync() => Services.DisposeAsync().AsTask();
}
