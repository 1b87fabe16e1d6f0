using System.Text.Json;
using System.Text.RegularExpressions;

namespace Registry.Infra.Tests;

/// <summary>
/// azure.yaml and infra/main.parameters.json agree with the template: `azd up` finds the Bicep module,
/// deploys the Functions project to the app tagged with its service name, and supplies every
/// parameter the template requires.
/// </summary>
[Collection(TemplateCollection.Name)]
public sealed partial class AzdTemplateTests(CompiledTemplate compiled)
{
    [Fact]
    public void AzureYaml_ServiceIsTheFunctionsProject_AndItsNameTagsTheFunctionApp()
    {
        var yaml = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "azure.yaml"));
        var service = ServiceBlock().Match(yaml);
        Assert.True(service.Success, "azure.yaml: services: <name>: with project, language, host");
        var name = service.Groups["name"].Value;
        Assert.Equal("./functions/Registry.Functions", service.Groups["project"].Value);
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, "functions", "Registry.Functions", "Registry.Functions.csproj")));
        Assert.Equal("dotnet", service.Groups["language"].Value);
        Assert.Equal("function", service.Groups["host"].Value);

        Assert.Matches(@"(?m)^infra:\s*\n\s+provider: bicep\s*\n\s+path: infra\s*\n\s+module: main\s*$", yaml);

        var app = compiled.Root.Module("functionapp");
        Assert.Equal("[union(parameters('tags'), createObject('azd-service-name', parameters('serviceName')))]", app.Resource("Microsoft.Web/sites").GetProperty("tags").GetString());
        Assert.Equal(name, app.ResolveString(JsonSerializer.SerializeToElement("[parameters('serviceName')]")));
        Assert.Equal("[parameters('environmentName')]", compiled.Root.Template.GetProperty("variables").GetProperty("tags").GetProperty("azd-env-name").GetString());
    }

    [Fact]
    public void MainParameters_NameOnlyTemplateParameters_AndGiveEveryRequiredOne()
    {
        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "infra", "main.parameters.json")));
        var given = file.RootElement.GetProperty("parameters").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetProperty("value").GetString()!);
        var parameters = compiled.Root.Template.GetProperty("parameters").EnumerateObject().ToList();

        Assert.All(given.Keys, name => Assert.Contains(parameters, p => p.Name == name));
        Assert.All(parameters.Where(p => !p.Value.TryGetProperty("defaultValue", out _)), p => Assert.Contains(p.Name, given.Keys));
        Assert.Equal("${AZURE_ENV_NAME}", given["environmentName"]);
        Assert.Equal("${AZURE_PRINCIPAL_ID}", given["principalId"]);
        // Generated on the first `azd up`, read back from the vault (an output of the template) afterwards.
        Assert.Equal("$(secretOrRandomPassword ${AZURE_KEY_VAULT_NAME} registry-admin-password)", given["adminPassword"]);
        Assert.True(compiled.Root.Template.GetProperty("outputs").TryGetProperty("AZURE_KEY_VAULT_NAME", out _));
        Assert.Equal(
            "registry-admin-password",
            compiled.Root.Template.GetProperty("variables").GetProperty("secretNames").GetProperty("adminPassword").GetString());
    }

    [GeneratedRegex(@"(?m)^services:\s*\n\s+(?<name>[\w-]+):\s*\n\s+project: (?<project>\S+)\s*\n\s+language: (?<language>\S+)\s*\n\s+host: (?<host>\S+)\s*$")]
    private static partial Regex ServiceBlock();
}
