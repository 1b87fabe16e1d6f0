using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;

namespace Registry.EndToEnd.Tests;

/// <summary>
/// One test per real client: runs tests/e2e/&lt;client&gt;.sh with REGISTRY=host:port and the
/// credentials REGISTRY_USER/REGISTRY_PASSWORD, and expects exit code 0. The scripts do the work
/// (log in as each client's users do, build images by hand, push/pull, compare digests); a missing
/// client binary makes its script fail, so nothing is skipped silently. Tests in one collection run
/// one at a time, which the clients need (each starts its own daemon, some use loopback ports).
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class ClientScriptTests(RegistryFixture registry, ITestOutputHelper output)
{
    // Script timeout, enforced by `timeout` (it signals the whole process group so the script's
    // EXIT trap still stops its daemons), plus a grace period before we kill the tree ourselves.
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(60);

    // The second argument: the User-Agent prefixes of the clients that must have downloaded blobs
    // from storage (followed a 307) during the script, when the storage is guarded (StorageGuard).
    [Fact] public Task Skopeo() => RunAsync("skopeo", "skopeo/", "curl/");
    [Fact] public Task Podman() => RunAsync("podman", "containers/");
    [Fact] public Task Buildah() => RunAsync("buildah", "Buildah/");
    [Fact] public Task Docker() => RunAsync("docker", "docker/");
    [Fact] public Task Containerd() => RunAsync("ctr", "containerd/");
    [Fact] public Task DotnetSdk() => RunAsync("dotnet-sdk", ".NET Container Library");
    [Fact] public Task MultiArch() => RunAsync("multiarch", "skopeo/");
    [Fact] public Task Referrers() => RunAsync("referrers", "curl/");
    [Fact] public Task AccessControl() => RunAsync("auth", "skopeo/");

    private async Task RunAsync(string script, params string[] storageClients)
    {
        var path = Path.Combine(RepositoryPaths.Root, "tests", "e2e", script + ".sh");
        Assert.True(File.Exists(path), $"{path} not found");

        var start = new ProcessStartInfo("timeout")
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // bash -c 'exec bash "$0" 2>&1' keeps stdout/stderr interleaved in their real order.
        foreach (var arg in new[] { "-k", "30", $"{(int)ScriptTimeout.TotalSeconds}", "bash", "-c", "exec bash \"$0\" 2>&1", path })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["REGISTRY"] = registry.Registry;
        start.Environment["REGISTRY_USER"] = registry.User;
        start.Environment["REGISTRY_PASSWORD"] = registry.Password;
        // auth.sh manages credentials with the admin tool, directly in the registry's storage.
        start.Environment["AzureWebJobsStorage"] = RegistryFixture.Storage;
        // Where blob GETs must redirect to (lib.sh assert_blob_redirect).
        start.Environment["REGISTRY_STORAGE"] = registry.Guard?.Authority ?? "";
        registry.Guard?.Clear();

        var text = new StringBuilder();
        var gate = new Lock();
        using var process = new Process { StartInfo = start };
        void Append(string? line)
        {
            if (line is not null)
            {
                lock (gate)
                {
                    text.AppendLine(line);
                }
            }
        }

        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var cts = new CancellationTokenSource(ScriptTimeout + KillGrace);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        string all;
        lock (gate)
        {
            all = text.ToString();
        }

        // Full output into the test log (shows up in the .trx) and next to the test binaries.
        output.WriteLine(all);
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, $"e2e-{script}.log"), all);

        var storage = StorageSummary();
        output.WriteLine(storage);
        await File.AppendAllTextAsync(Path.Combine(AppContext.BaseDirectory, $"e2e-{script}.log"), storage);

        var exitCode = process.ExitCode;
        Assert.True(exitCode == 0, $"tests/e2e/{script}.sh exited with {exitCode}{(exitCode == 124 ? " (timed out)" : "")} against {registry.Registry}.\n" +
            $"--- script output (tail) ---\n{Tail(all, 80)}\n{storage}--- registry host log (tail) ---\n{registry.HostLogTail()}");

        if (registry.Guard is { } guard)
        {
            // No client sends the registry's Authorization header to storage, and each one pulled through the redirect.
            var seen = guard.SasRequests;
            Assert.True(seen.All(r => r.AuthorizationScheme is null), $"a client sent Authorization with a SAS to storage:\n{storage}");
            foreach (var client in storageClients)
            {
                Assert.True(seen.Any(r => r.Method == "GET" && r.UserAgent.StartsWith(client, StringComparison.Ordinal)),
                    $"no blob GET from '{client}*' reached storage: it did not follow the registry's redirects?\n{storage}");
            }
        }
    }

    /// <summary>The SAS requests the storage guard saw during the script, counted by client and method, and whether any carried Authorization.</summary>
    private string StorageSummary()
    {
        if (registry.Guard is not { } guard)
        {
            return "--- storage: not guarded (target registry or remote storage) ---\n";
        }

        var lines = guard.SasRequests
            .GroupBy(r => (r.UserAgent, r.Method, r.AuthorizationScheme))
            .Select(g => $"{g.Count(),5} {g.Key.Method} by '{g.Key.UserAgent}'{(g.Key.AuthorizationScheme is { } scheme ? $" WITH Authorization: {scheme} (refused)" : "")}");
        return $"--- storage: requests with a SAS at {guard.Authority} ---\n{string.Join('\n', lines)}\n";
    }

    private static string Tail(string text, int lines)
    {
        var all = text.TrimEnd().Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }
}
