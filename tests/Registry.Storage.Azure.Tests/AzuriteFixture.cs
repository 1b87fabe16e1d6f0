using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Registry.Storage.Azure;
using Registry.Storage.Contract;

namespace Registry.Storage.Azure.Tests;

/// <summary>
/// The storage account the tests run against: Azurite unless <c>REGISTRY_TEST_STORAGE</c> names
/// another connection string. If it cannot be reached every test using it fails, saying so.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string Variable = "REGISTRY_TEST_STORAGE";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : "UseDevelopmentStorage=true";

    public AzureStorageAccount Account { get; } = CreateAccount();

    /// <summary>An account whose requests pass through <paramref name="blobPolicy"/> and <paramref name="tablePolicy"/>.</summary>
    public static AzureStorageAccount CreateAccount(
        HttpPipelinePolicy? blobPolicy = null, HttpPipelinePolicy? tablePolicy = null, string? connectionString = null)
    {
        var blobOptions = new BlobClientOptions();
        var tableOptions = new TableClientOptions();
        Configure(blobOptions, blobPolicy);
        Configure(tableOptions, tablePolicy);
        connectionString ??= ConnectionString;
        return new AzureStorageAccount(
            new BlobServiceClient(connectionString, blobOptions), new TableServiceClient(connectionString, tableOptions));
    }

    /// <summary>Creates the container and tables, or fails saying how to start Azurite.</summary>
    public static async Task EnsureReachableAsync(AzureStorageAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await account.EnsureCreatedAsync(timeout.Token);
        }
        catch (Exception e) when (e is global::Azure.RequestFailedException or OperationCanceledException or AggregateException)
        {
            throw new InvalidOperationException(
                $"Azure Storage is not reachable with the connection string from {Variable} (default UseDevelopmentStorage=true). " +
                "Start Azurite first: node node_modules/azurite/dist/src/azurite.js --blobHost 127.0.0.1 --blobPort 10000 " +
                "--tableHost 127.0.0.1 --tablePort 10002 --inMemoryPersistence --skipApiVersionCheck --disableTelemetry --loose",
                e);
        }
    }

    public StorageUnderTest CreateStorage() => new(
        new AzureBlobStore(Account),
        new AzureUploadStore(Account, TimeProvider.System),
        new AzureManifestStore(Account),
        new AzureTagStore(Account),
        new AzureRepositoryCatalog(Account),
        new AzureCredentialStore(Account),
        () => new AzureSigningKeyStore(Account));

    public Task InitializeAsync() => EnsureReachableAsync(Account);

    public Task DisposeAsync() => Task.CompletedTask;

    private static void Configure(ClientOptions options, HttpPipelinePolicy? policy)
    {
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(100);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        if (policy is not null)
        {
            options.AddPolicy(policy, HttpPipelinePosition.PerCall);
        }
    }
}
