using System.Text.RegularExpressions;

namespace Registry.Infra.Tests;

/// <summary>
/// infra/deploy.sh and infra/destroy.sh parse (bash -n, and shellcheck where installed), and deploy.sh
/// does what the README says, run against stand-ins for `az` and `dotnet` that record their calls:
/// resource group, deployment with parameters the template declares and the password only in a
/// private file, publish, a zip with host.json at its root, zip deploy, then the login instructions.
/// </summary>
[Collection(TemplateCollection.Name)]
public sealed partial class DeployScriptTests(CompiledTemplate compiled)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    // Answers what deploy.sh asks; every call, and what it was given, goes to $STUB_LOG.
    private const string AzStub = """
        #!/usr/bin/env bash
        echo "az $*" >>"$STUB_LOG"
        case "$*" in
          "group exists"*) echo false ;;
          "account show --query user.type"*) echo user ;;
          "ad signed-in-user show"*) echo 00000000-0000-0000-0000-00000000000a ;;
          "deployment group create"*)
            for arg in "$@"; do
              if [[ "$arg" == @* ]]; then echo "parameters file mode $(stat -c %a "${arg#@}"): $(cat "${arg#@}")" >>"$STUB_LOG"; fi
            done ;;
          *outputs.AZURE_FUNCTION_APP_NAME.value*) echo registry-test ;;
          *outputs.REGISTRY_LOGIN_SERVER.value*) echo registry-test.azurewebsites.net ;;
          *outputs.REGISTRY_ADMIN_USER.value*) echo admin ;;
          *outputs.AZURE_KEY_VAULT_NAME.value*) echo kv-test ;;
          "functionapp deployment source config-zip"*)
            while (($#)); do
              if [[ "$1" == --src ]]; then unzip -Z1 "$2" | sed 's/^/zip entry: /' >>"$STUB_LOG"; fi
              shift
            done ;;
        esac
        exit 0
        """;

    private const string DotnetStub = """
        #!/usr/bin/env bash
        echo "dotnet $*" >>"$STUB_LOG"
        while (($#)); do
          if [[ "$1" == --output ]]; then mkdir -p "$2" && echo '{}' >"$2/host.json" && echo '[]' >"$2/functions.metadata"; fi
          shift
        done
        """;

    [Fact]
    public async Task Scripts_ParseWithBash_AndPassShellcheckWhereInstalled()
    {
        string[] scripts = ["infra/deploy.sh", "infra/destroy.sh"];
        foreach (var script in scripts)
        {
            var syntax = await Tool.RunAsync("bash", ["-n", script], Timeout);
            Assert.True(syntax.ExitCode == 0, $"bash -n {script}: {syntax}");
        }

        if (OnPath("shellcheck"))
        {
            var lint = await Tool.RunAsync("shellcheck", scripts, Timeout);
            Assert.True(lint.ExitCode == 0, $"shellcheck: {lint}");
        }
    }

    [Fact]
    public async Task Deploy_WithStandInAzAndDotnet_ProvisionsPublishesAndZipDeploys()
    {
        var stubs = Directory.CreateTempSubdirectory("registry-deploy-stubs-").FullName;
        try
        {
            await WriteExecutableAsync(Path.Combine(stubs, "az"), AzStub);
            await WriteExecutableAsync(Path.Combine(stubs, "dotnet"), DotnetStub);
            var log = Path.Combine(stubs, "calls.log");
            var run = await Tool.RunAsync("bash", ["infra/deploy.sh", "-g", "rg-registry-test", "-l", "westeurope"], Timeout, environment: new Dictionary<string, string>
            {
                ["PATH"] = $"{stubs}:{Environment.GetEnvironmentVariable("PATH")}",
                ["STUB_LOG"] = log,
            });
            Assert.True(run.ExitCode == 0, $"deploy.sh: {run}");
            var calls = await File.ReadAllLinesAsync(log);

            string Call(string prefix) => calls.Single(c => c.StartsWith(prefix, StringComparison.Ordinal));
            Assert.Contains("--location westeurope", Call("az group create --name rg-registry-test"), StringComparison.Ordinal);
            var deployment = Call("az deployment group create --resource-group rg-registry-test");
            Assert.Contains("--template-file " + Bicep.MainTemplate, deployment, StringComparison.Ordinal);
            var parameters = compiled.Root.Template.GetProperty("parameters");
            foreach (Match given in CommandLineParameter().Matches(deployment))
            {
                Assert.True(parameters.TryGetProperty(given.Groups[1].Value, out _), $"deploy.sh passes {given.Groups[1].Value}, which main.bicep does not declare");
            }

            Assert.Contains("principalId=00000000-0000-0000-0000-00000000000a", deployment, StringComparison.Ordinal);
            Assert.DoesNotContain("adminPassword", deployment, StringComparison.Ordinal); // never on a command line
            Assert.Matches(@"^parameters file mode 600: \{""parameters"":\{""adminPassword"":\{""value"":""[A-Za-z0-9]{24,}""\}\}\}$", Call("parameters file mode"));

            Assert.Contains("--configuration Release", Call("dotnet publish " + Path.Combine(RepositoryPaths.Root, "functions", "Registry.Functions")), StringComparison.Ordinal);
            Assert.Contains("--name registry-test --src ", Call("az functionapp deployment source config-zip --resource-group rg-registry-test"), StringComparison.Ordinal);
            Assert.Contains("zip entry: host.json", calls);
            Assert.Contains("zip entry: functions.metadata", calls);
            Assert.Contains("docker login registry-test.azurewebsites.net -u admin", run.Output, StringComparison.Ordinal);
            Assert.Contains("az keyvault secret show --vault-name kv-test --name registry-admin-password", run.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(stubs, recursive: true);
        }
    }

    private static async Task WriteExecutableAsync(string path, string text)
    {
        await File.WriteAllTextAsync(path, text.ReplaceLineEndings("\n") + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(directory => File.Exists(Path.Combine(directory, tool)));

    [GeneratedRegex(@"(?<= )(\w+)=")]
    private static partial Regex CommandLineParameter();
}
