using System.Reflection;

namespace Registry.Infra.Tests;

/// <summary>
/// The Bicep CLI that restore downloaded from NuGet (Azure.Bicep.CommandLine.linux-x64, see the
/// csproj). It checks resource types and properties offline, but reports type errors as warnings
/// with exit code 0: callers treat every Warning or Error line as a failure.
/// </summary>
internal static class Bicep
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static string MainTemplate { get; } = Path.Combine(RepositoryPaths.Root, "infra", "main.bicep");

    /// <summary>The path of the CLI, made executable (NuGet may extract it without the x bit).</summary>
    public static string Executable { get; } = Locate();

    /// <summary><c>bicep build FILE --outfile OUT</c>.</summary>
    public static Task<ToolResult> BuildAsync(string file, string outFile) =>
        Tool.RunAsync(Executable, ["build", file, "--outfile", outFile], Timeout);

    /// <summary><c>bicep lint FILE</c> with the default rules (bicepconfig.json, if any, applies).</summary>
    public static Task<ToolResult> LintAsync(string file) => Tool.RunAsync(Executable, ["lint", file], Timeout);

    /// <summary>The lines that report a diagnostic: any of them fails the build as CI sees it.</summary>
    public static IReadOnlyList<string> Diagnostics(ToolResult result) =>
        result.Output.Split('\n').Where(line => line.Contains(": Warning ", StringComparison.Ordinal) || line.Contains(": Error ", StringComparison.Ordinal)).ToList();

    /// <summary>Exit code 0 and not one warning or error.</summary>
    public static void AssertClean(ToolResult result, string what)
    {
        Assert.True(result.ExitCode == 0 && Diagnostics(result).Count == 0, $"{what}: {result}");
    }

    private static string Locate()
    {
        var path = typeof(Bicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPath").Value!;
        Assert.True(File.Exists(path), $"the Bicep CLI is missing at {path}: restore tests/Registry.Infra.Tests (PackageDownload Azure.Bicep.CommandLine.linux-x64)");
        var mode = File.GetUnixFileMode(path);
        if (!mode.HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        return path;
    }
}
