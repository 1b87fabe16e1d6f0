using System.Text.Json;

namespace Registry.Infra.Tests;

/// <summary>The tests that read the compiled template: one build for all of them.</summary>
[CollectionDefinition(Name)]
public sealed class TemplateCollection : ICollectionFixture<CompiledTemplate>
{
    public const string Name = "compiled template";
}

/// <summary>infra/main.bicep compiled once by the real Bicep CLI.</summary>
public sealed class CompiledTemplate : IAsyncLifetime
{
    private readonly string directory = Directory.CreateTempSubdirectory("registry-bicep-").FullName;
    private JsonDocument? json;

    internal ToolResult Build { get; private set; } = new(-1, "not built");

    /// <summary>The root template; fails the test when the build was not clean.</summary>
    internal ArmScope Root
    {
        get
        {
            Bicep.AssertClean(Build, "bicep build infra/main.bicep");
            return new ArmScope(json!.RootElement);
        }
    }

    public async Task InitializeAsync()
    {
        var output = Path.Combine(directory, "main.json");
        Build = await Bicep.BuildAsync(Bicep.MainTemplate, output);
        if (File.Exists(output))
        {
            json = JsonDocument.Parse(await File.ReadAllTextAsync(output));
        }
    }

    public Task DisposeAsync()
    {
        json?.Dispose();
        Directory.Delete(directory, recursive: true);
        return Task.CompletedTask;
    }
}
