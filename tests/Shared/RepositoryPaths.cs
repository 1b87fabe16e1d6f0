using System.Runtime.CompilerServices;

namespace Registry.Tests.Shared;

/// <summary>
/// Where the repository and the build outputs of its projects are, seen from a test's own output
/// folder. Shared (as a linked source file) by the test projects that run built programs. Also for
/// builds with <c>--artifacts-path DIR</c> (outputs in <c>DIR/bin/&lt;project&gt;/&lt;configuration&gt;/</c>).
/// </summary>
internal static class RepositoryPaths
{
    /// <summary>The folder holding Registry.Functions.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The configuration this test was built in (Release in CI), so it runs programs built alongside it.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.OrdinalIgnoreCase) ? "Release" : "Debug";

    /// <summary>The build output folder of <c>functions/<paramref name="project"/></c> in this configuration.</summary>
    public static string Output(string project)
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return output.Name.Equals(Configuration, StringComparison.OrdinalIgnoreCase) && output.Parent?.Parent is { Name: "bin" } artifacts
            ? Path.Combine(artifacts.FullName, project, output.Name)
            : Path.Combine(Root, "functions", project, "bin", Configuration, "net10.0");
    }

    /// <summary>Above the test's output folder, else (artifacts elsewhere) above this source file as it was compiled.</summary>
    private static string FindRoot([CallerFilePath] string source = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(source) })
        {
            for (var directory = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Registry.Functions.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException($"Registry.Functions.sln not found above {AppContext.BaseDirectory} or {source}");
    }
}
