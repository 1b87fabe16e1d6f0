using System.Net;

namespace Registry.EndToEnd.Tests;

/// <summary>
/// Starts the registry host (functions/Registry.WebHost, built in Release) as a child process on a
/// free loopback port, backed by the storage in REGISTRY_TEST_STORAGE (default: Azurite), with token
/// authentication on and its bootstrap administrator as the scripts' credentials; stops it at the end.
/// With REGISTRY_E2E_TARGET=host:port it starts nothing and targets that registry instead (e.g. a
/// reference registry while developing the scripts), with the credentials in REGISTRY_E2E_USER /
/// REGISTRY_E2E_PASSWORD (none: an open registry); REGISTRY_E2E_HOST_DLL runs a host dll from another path.
/// On the local emulator the host's blob endpoint is a <see cref="StorageGuard"/>, so every blob GET
/// redirects there and the tests see which clients followed and what they sent.
/// </summary>
public sealed class RegistryFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(90);
    private HostProcess? host;

    /// <summary>host:port of the registry under test (plain HTTP).</summary>
    public string Registry { get; private set; } = "";

    /// <summary>Who the clients log in as (an administrator); empty for an open registry.</summary>
    public string User { get; private set; } = "";

    public string Password { get; private set; } = "";

    /// <summary>The proxy in front of the host's blob endpoint; null against a target registry or remote storage.</summary>
    public StorageGuard? Guard { get; private set; }

    /// <summary>The storage the registry uses (AzureWebJobsStorage), for tools that manage it directly.</summary>
    public static string Storage => Environment.GetEnvironmentVariable("REGISTRY_TEST_STORAGE") ?? "UseDevelopmentStorage=true";

    public async Task InitializeAsync()
    {
        var target = Environment.GetEnvironmentVariable("REGISTRY_E2E_TARGET");
        if (!string.IsNullOrWhiteSpace(target))
        {
            Registry = target.Trim();
            User = Environment.GetEnvironmentVariable("REGISTRY_E2E_USER") ?? "";
            Password = Environment.GetEnvironmentVariable("REGISTRY_E2E_PASSWORD") ?? "";
            await WaitUntilReadyAsync();
            return;
        }

        var dll = Environment.GetEnvironmentVariable("REGISTRY_E2E_HOST_DLL") is { Length: > 0 } custom ? Path.GetFullPath(custom) : null;
        Dictionary<string, string> settings = [];
        if (StorageGuard.CanGuard(Storage))
        {
            Guard = await StorageGuard.StartAsync();
            settings["AzureWebJobsStorage"] = Guard.ConnectionString;
        }

        host = await HostProcess.StartAsync(dll, settings);
        Registry = host.Authority;
        User = HostProcess.AdminUser;
        Password = HostProcess.AdminPassword;
    }

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        if (Guard is not null)
        {
            await Guard.DisposeAsync();
        }
    }

    /// <summary>Last lines of the host log, for failure messages.</summary>
    public string HostLogTail() => host?.LogTail() ?? "(registry host not started by the tests)";

    /// <summary>Ready when GET /v2/ answers 200 (open) or 401 (auth required): both mean the API is up.</summary>
    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartupTimeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync(new Uri($"http://{Registry}/v2/"));
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }

        throw new InvalidOperationException($"registry at {Registry} not ready after {StartupTimeout.TotalSeconds} s");
    }
}

[CollectionDefinition(Name)]
public sealed class RegistryCollection : ICollectionFixture<RegistryFixture>
{
    public const string Name = "registry";
}
