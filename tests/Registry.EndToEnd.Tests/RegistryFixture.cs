using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Registry.EndToEnd.Tests;

/// <summary>
/// Starts the registry host (functions/Registry.WebHost, built in Release) as a child process on a
/// free loopback port, backed by the storage in REGISTRY_TEST_STORAGE (default: Azurite), and stops
/// it at the end. With REGISTRY_E2E_TARGET=host:port it starts nothing and targets that registry
/// instead (e.g. a reference registry while developing the scripts); REGISTRY_E2E_HOST_DLL runs a
/// host dll from another path.
/// </summary>
public sealed class RegistryFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(90);
    private readonly Lock _gate = new();
    private Process? _host;
    private StreamWriter? _hostLog;

    public string RepoRoot { get; } = FindRepoRoot();

    /// <summary>host:port of the registry under test (plain HTTP).</summary>
    public string Registry { get; private set; } = "";

    /// <summary>File holding the host's stdout/stderr, for diagnostics; null when not started here.</summary>
    public string? HostLogPath { get; private set; }

    public async Task InitializeAsync()
    {
        var target = Environment.GetEnvironmentVariable("REGISTRY_E2E_TARGET");
        if (!string.IsNullOrWhiteSpace(target))
        {
            Registry = target.Trim();
            await WaitUntilReadyAsync();
            return;
        }

        // REGISTRY_E2E_HOST_DLL: run a host built elsewhere (e.g. with --artifacts-path) instead.
        var dll = Environment.GetEnvironmentVariable("REGISTRY_E2E_HOST_DLL") is { Length: > 0 } custom
            ? Path.GetFullPath(custom)
            : Path.Combine(RepoRoot, "functions", "Registry.WebHost", "bin", "Release", "net10.0", "Registry.WebHost.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} not found: build the solution in Release first (dotnet build Registry.Functions.sln -c Release).");
        }

        var port = FreePort();
        Registry = $"127.0.0.1:{port}";
        HostLogPath = Path.Combine(AppContext.BaseDirectory, $"registry-host-{port}.log");
        _hostLog = new StreamWriter(HostLogPath, append: false, Encoding.UTF8) { AutoFlush = true };

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "--urls", $"http://{Registry}" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["AzureWebJobsStorage"] =
            Environment.GetEnvironmentVariable("REGISTRY_TEST_STORAGE") is { Length: > 0 } storage ? storage : "UseDevelopmentStorage=true";

        _host = new Process { StartInfo = start };
        _host.OutputDataReceived += (_, e) => WriteHostLog(e.Data);
        _host.ErrorDataReceived += (_, e) => WriteHostLog(e.Data);
        _host.Start();
        _host.BeginOutputReadLine();
        _host.BeginErrorReadLine();
        await WaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
    {
        if (_host is { HasExited: false })
        {
            _host.Kill(entireProcessTree: true);
            await _host.WaitForExitAsync();
        }

        _host?.Dispose();
        lock (_gate)
        {
            _hostLog?.Dispose();
            _hostLog = null;
        }
    }

    /// <summary>Last lines of the host log, for failure messages.</summary>
    public string HostLogTail(int lines = 60)
    {
        if (HostLogPath is null || !File.Exists(HostLogPath))
        {
            return "(registry host not started by the tests)";
        }

        lock (_gate)
        {
            using var stream = new FileStream(HostLogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
        }
    }

    private void WriteHostLog(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _hostLog?.WriteLine(line);
        }
    }

    // Ready when GET /v2/ answers 200 (open) or 401 (auth required): both mean the API is up.
    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartupTimeout;
        var last = "no answer yet";
        while (DateTime.UtcNow < deadline)
        {
            if (_host is { HasExited: true })
            {
                throw new InvalidOperationException($"registry host exited with code {_host.ExitCode} before answering /v2/:\n{HostLogTail()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri($"http://{Registry}/v2/"));
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized)
                {
                    return;
                }

                last = $"HTTP {(int)response.StatusCode}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            catch (TaskCanceledException)
            {
                last = "timed out";
            }

            await Task.Delay(250);
        }

        throw new InvalidOperationException($"registry at {Registry} not ready after {StartupTimeout.TotalSeconds} s ({last}):\n{HostLogTail()}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "tests", "e2e", "lib.sh")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"repository root (with tests/e2e/lib.sh) not found above {AppContext.BaseDirectory}");
    }
}

[CollectionDefinition(Name)]
public sealed class RegistryCollection : ICollectionFixture<RegistryFixture>
{
    public const string Name = "registry";
}
