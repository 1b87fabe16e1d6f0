using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Registry.Tests.Shared;

/// <summary>
/// One local host process (the built Registry.WebHost.dll) on a free loopback port, with storage
/// from REGISTRY_TEST_STORAGE (default: Azurite). Its output goes to a log file for diagnosis.
/// Shared (as a linked source file) by the test projects that run the host as a real process.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process process;

    private HostProcess(Process process, int port, string log)
    {
        this.process = process;
        Address = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        LogPath = log;
    }

    /// <summary>The bootstrap administrator every test host runs with (authentication is on, as in production).</summary>
    public const string AdminUser = "admin";

    /// <summary>One random password per test run, shared by every host the run starts.</summary>
    public static readonly string AdminPassword = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    /// <summary>The service name (token audience) of every test host, so hosts sharing storage accept each other's tokens.</summary>
    public const string Service = "registry-under-test";

    public Uri Address { get; }

    /// <summary>host:port, as clients name a registry.</summary>
    public string Authority => Address.Authority;

    public string LogPath { get; }

    public int ProcessId => process.Id;

    /// <summary>What the host has logged so far.</summary>
    public string ReadLog()
    {
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }

    /// <summary>The last lines of the log, for failure messages.</summary>
    public string LogTail(int lines = 60)
    {
        var all = ReadLog().Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    /// <param name="dll">The host to run; default: the one built in this test's configuration.</param>
    /// <param name="settings">Environment settings added to (or replacing) the defaults, e.g. <c>Registry__Blobs__RedirectDownloads</c>.</param>
    public static async Task<HostProcess> StartAsync(string? dll = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        dll ??= Path.Combine(RepositoryPaths.Output("Registry.WebHost"), "Registry.WebHost.dll");
        Assert.True(File.Exists(dll), $"build the solution first: {dll} is missing");
        var log = Path.Combine(Path.GetTempPath(), $"registry-host-{port}.log");
        var start = new ProcessStartInfo("dotnet")
        {
            // Run from the output folder so the host reads its own appsettings.json; log each request's status for the tests.
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            ArgumentList = { dll, "--urls", $"http://127.0.0.1:{port}", "--Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics=Information" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["AzureWebJobsStorage"] = Environment.GetEnvironmentVariable("REGISTRY_TEST_STORAGE") ?? "UseDevelopmentStorage=true";
        start.Environment["Registry__Auth__AdminUser"] = AdminUser;
        start.Environment["Registry__Auth__AdminPassword"] = AdminPassword;
        start.Environment["Registry__Auth__Service"] = Service;
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        var writer = new StreamWriter(log) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { lock (writer) { writer.WriteLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (writer) { writer.WriteLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var host = new HostProcess(process, port, log);
        await host.WaitUntilReadyAsync();
        return host;
    }

    /// <summary>A token for <paramref name="scopes"/> from this host's token endpoint, as the administrator.</summary>
    public async Task<string> GetTokenAsync(params string[] scopes)
    {
        using var client = new HttpClient { BaseAddress = Address };
        var query = string.Join('&', scopes.Select(scope => $"scope={Uri.EscapeDataString(scope)}").Prepend($"service={Service}"));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/token?{query}");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{AdminUser}:{AdminPassword}")));
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("token").GetString()!;
    }

    /// <summary>An HttpClient for this host that sends <paramref name="token"/> on every request.</summary>
    public HttpClient CreateClient(string token, TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = timeout ?? TimeSpan.FromSeconds(100) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Pushes a blob in containerd's shape, POST then PUT <c>?digest=</c> with every byte; asserts it was created.</summary>
    public static async Task PushBlobAsync(HttpClient client, string repository, byte[] blob, string digest)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var started = await client.PostAsync(new Uri($"/v2/{repository}/blobs/uploads/", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var location = started.Headers.Location!.OriginalString;
        var separator = location.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        using var completed = await client.PutAsync(new Uri($"{location}{separator}digest={digest}", UriKind.RelativeOrAbsolute), new ByteArrayContent(blob));
        Assert.Equal(HttpStatusCode.Created, completed.StatusCode);
    }

    /// <summary>Peak resident set size of the process so far (VmHWM), in bytes.</summary>
    public long PeakResidentBytes()
    {
        var line = File.ReadLines($"/proc/{process.Id}/status").Single(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        for (var attempt = 0; attempt < 120; attempt++)
        {
            Assert.False(process.HasExited, $"the host exited early:\n{LogTail()}");
            try
            {
                using var response = await client.GetAsync(new Uri("/v2/", UriKind.Relative));
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"the host did not answer /v2/ within 30 s:\n{LogTail()}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
