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

    [Fact] public Task Skopeo() => RunAsync("skopeo");
    [Fact] public Task Podman() => RunAsync("podman");
    [Fact] public Task Buildah() => RunAsync("buildah");
    [Fact] public Task Docker() => RunAsync("docker");
    [Fact] public Task Containerd() => RunAsync("ctr");
    [Fact] public Task DotnetSdk() => RunAsync("dotnet-sdk");
    [Fact] public Task MultiArch() => RunAsync("multiarch");
    [Fact] public Task Referrers() => RunAsync("referrers");
    [Fact] public Task AccessControl() => RunAsync("auth");

    private async Task RunAsync(string script)
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

        var exitCode = process.ExitCode;
        Assert.True(exitCode == 0, $"tests/e2e/{script}.sh exited with {exitCode}{(exitCode == 124 ? " (timed out)" : "")} against {registry.Registry}.\n" +
            $"--- script output (tail) ---\n{Tail(all, 80)}\n--- registry host log (tail) ---\n{registry.HostLogTail()}");
    }

    private static string Tail(string text, int lines)
    {
        var all = text.TrimEnd().Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }
}
