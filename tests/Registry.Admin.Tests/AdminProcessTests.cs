using System.Diagnostics;

namespace Registry.Admin.Tests;

/// <summary>The built tool as a real process: covers the composition root (configuration, services, initializer).</summary>
public sealed class AdminProcessTests(AdminStorageFixture storage) : IClassFixture<AdminStorageFixture>
{
    [Fact]
    public async Task CredentialsList_StorageFromTheEnvironment_Exits0()
    {
        var run = await RunToolAsync(AdminStorageFixture.ConnectionString, "credentials", "list");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task CredentialsAdd_StorageOnTheCommandLine_StoresTheCredential()
    {
        var name = AdminStorageFixture.NewName();

        var run = await RunToolAsync(
            null, "credentials", "add", $"--AzureWebJobsStorage={AdminStorageFixture.ConnectionString}", "--name", name, "--repos", "*", "--read-only");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"name:   {name}", run.Output, StringComparison.Ordinal);
        Assert.NotNull(await storage.GetAsync(name));
    }

    [Fact]
    public async Task AnyCommand_NoStorageConfigured_Exits2NamingTheSetting()
    {
        var run = await RunToolAsync(null, "credentials", "list");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("AzureWebJobsStorage", run.Error, StringComparison.Ordinal);
    }

    private static async Task<ToolRun> RunToolAsync(string? storageSetting, params string[] args)
    {
        var dll = Path.Combine(RepositoryPaths.Output("Registry.Admin"), "Registry.Admin.dll");
        Assert.True(File.Exists(dll), $"build the solution first: {dll} is missing");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var variable in start.Environment.Keys.Where(k => k.StartsWith("AzureWebJobsStorage", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(variable);
        }

        if (storageSetting is not null)
        {
            start.Environment["AzureWebJobsStorage"] = storageSetting;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new ToolRun(process.ExitCode, await output, await error);
    }

    private sealed record ToolRun(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
    }
}
