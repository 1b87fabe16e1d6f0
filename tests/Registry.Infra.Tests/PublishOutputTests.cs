using Registry.Functions;

namespace Registry.Infra.Tests;

/// <summary>
/// `dotnet publish` of the function app, as azd and infra/deploy.sh run it, in a private artifacts
/// path (nothing shared is touched): it must succeed, and its output is what Azure runs.
/// </summary>
public sealed class PublishedApp : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);
    private readonly string directory = Directory.CreateTempSubdirectory("registry-publish-").FullName;

    public string Output => Path.Combine(directory, "out");

    internal ToolResult Publish { get; private set; } = new(-1, "not published");

    public async Task InitializeAsync()
    {
        var project = Path.Combine(RepositoryPaths.Root, "functions", "Registry.Functions", "Registry.Functions.csproj");
        Publish = await Tool.RunAsync(
            "dotnet",
            ["publish", project, "--configuration", "Release", "--output", Output, "--artifacts-path", Path.Combine(directory, "artifacts"), "--nologo"],
            Timeout,
            environment: new Dictionary<string, string> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" });
    }

    /// <summary>The publish output; fails the test when publishing failed.</summary>
    public string Succeeded()
    {
        Assert.True(Publish.ExitCode == 0, $"dotnet publish functions/Registry.Functions failed: {Publish}");
        return Output;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(directory, recursive: true);
        return Task.CompletedTask;
    }
}

public sealed class PublishOutputTests(PublishedApp app) : IClassFixture<PublishedApp>
{
    [Fact]
    public void Publish_Succeeds_WithTheAppAndItsWorkerExtensions()
    {
        var output = app.Succeeded();
        Assert.True(File.Exists(Path.Combine(output, "Registry.Functions.dll")));
        Assert.True(File.Exists(Path.Combine(output, "functions.metadata")));
        Assert.True(Directory.Exists(Path.Combine(output, ".azurefunctions")), "the worker extensions the host loads are missing");
        Assert.False(File.Exists(Path.Combine(output, "local.settings.json")), "local.settings.json must never ship");
    }

    [Fact]
    public void PublishedFunctionsMetadata_EveryRouteParses_AndMatchesTheCode()
    {
        var functions = FunctionsOutput.HttpFunctions(app.Succeeded());
        FunctionsOutput.AssertRoutesParse(functions);
        Assert.Equal(new[] { RegistryFunction.Route, TokenFunction.Route }.Order(), functions.Select(f => f.Route).Order());
        Assert.All(functions, f => Assert.Equal("Anonymous", f.AuthLevel, ignoreCase: true));
    }

    [Fact]
    public void PublishedHostJson_HasEmptyRoutePrefix() => Assert.Equal(string.Empty, FunctionsOutput.RoutePrefix(app.Succeeded()));
}
