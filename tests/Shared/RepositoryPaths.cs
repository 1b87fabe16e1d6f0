namespace Registry.Tests.Shared;

/// <summary>
/// Where the repository and the build outputs of its projects are, seen from a test's own output
/// folder. Shared (as a linked source file) by the test projects that run built programs.
/// </summary>
internal static class RepositoryPaths
{
    /// <summary>The folder holding Registry.Functions.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The configuration this test was built in (Release in CI), so it runs programs built alongside it.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    /// <summary>The build output folder of <c>functions/<paramref name="project"/></c> in this configuration.</summary>
    public static string Output(string project) => Path.Combine(Root, "functions", project, "bin", Configuration, "net10.0");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Registry.Functions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Registry.Functions.sln not found above {AppContext.BaseDirectory}");
    }
}
