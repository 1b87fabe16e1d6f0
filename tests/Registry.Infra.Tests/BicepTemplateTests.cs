using System.Text.Json;
using System.Text.RegularExpressions;
using Registry.Http.Auth;
using Registry.Storage.Azure;

namespace Registry.Infra.Tests;

/// <summary>
/// infra/*.bicep builds and lints with zero warnings (Bicep reports type errors as warnings, so any
/// warning fails), and the compiled template holds every resource and setting the registry needs,
/// with the names read from the code (StorageLayout) so that code and infrastructure cannot drift.
/// </summary>
[Collection(TemplateCollection.Name)]
public sealed partial class BicepTemplateTests(CompiledTemplate compiled)
{
    // Built-in role definition ids: https://learn.microsoft.com/azure/role-based-access-control/built-in-roles
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string KeyVaultSecretsOfficer = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7";

    // App settings the Flex Consumption plan rejects or ignores (the runtime lives in functionAppConfig):
    // https://learn.microsoft.com/azure/azure-functions/functions-app-settings#flex-consumption-plan-deprecations
    private static readonly string[] FlexDeprecatedSettings =
    [
        "ENABLE_ORYX_BUILD", "FUNCTIONS_EXTENSION_VERSION", "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_WORKER_RUNTIME_VERSION",
        "FUNCTIONS_MAX_HTTP_CONCURRENCY", "FUNCTIONS_WORKER_PROCESS_COUNT", "FUNCTIONS_WORKER_DYNAMIC_CONCURRENCY_ENABLED",
        "SCM_DO_BUILD_DURING_DEPLOYMENT", "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "WEBSITE_CONTENTOVERVNET",
        "WEBSITE_CONTENTSHARE", "WEBSITE_DNS_SERVER", "WEBSITE_MAX_DYNAMIC_APPLICATION_SCALE_OUT",
        "WEBSITE_NODE_DEFAULT_VERSION", "WEBSITE_RUN_FROM_PACKAGE", "WEBSITE_SKIP_CONTENTSHARE_VALIDATION", "WEBSITE_VNET_ROUTE_ALL",
    ];

    private const long OneGiB = 1L << 30;

    [Fact]
    public void Build_MainTemplate_NoWarningsOrErrors() => Bicep.AssertClean(compiled.Build, "bicep build infra/main.bicep");

    [Fact]
    public async Task Lint_EveryBicepFile_NoWarningsOrErrors()
    {
        var files = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "infra"), "*.bicep", SearchOption.AllDirectories);
        Assert.Contains(Bicep.MainTemplate, files);
        var results = await Task.WhenAll(files.Select(Bicep.LintAsync));
        Assert.All(files.Zip(results), pair => Bicep.AssertClean(pair.Second, $"bicep lint {Path.GetRelativePath(RepositoryPaths.Root, pair.First)}"));
    }

    [Fact]
    public void Storage_KeylessTls12_HoldsTheRegistryContainerEveryTableAndTheDeploymentContainer()
    {
        var storage = compiled.Root.Module("storage");
        var account = storage.Resource("Microsoft.Storage/storageAccounts").GetProperty("properties");
        Assert.False(account.GetProperty("allowSharedKeyAccess").GetBoolean());
        Assert.False(account.GetProperty("allowBlobPublicAccess").GetBoolean());
        Assert.Equal("TLS1_2", account.GetProperty("minimumTlsVersion").GetString());

        var containers = storage.Resources("Microsoft.Storage/storageAccounts/blobServices/containers")
            .Select(c => storage.ResolveString(LastParameter(c.GetProperty("name"))))
            .ToList();
        Assert.Contains(StorageLayout.ContainerName, containers);
        Assert.Contains(DeploymentContainer(), containers);

        var tables = storage.Resource("Microsoft.Storage/storageAccounts/tableServices/tables");
        Assert.Equal("[length(parameters('tableNames'))]", tables.GetProperty("copy").GetProperty("count").GetString());
        var tableNames = storage.Resolve(Json("[parameters('tableNames')]")).EnumerateArray().Select(t => t.GetString()!);
        Assert.Equal(StorageLayout.Tables.All.Order(), tableNames.Order());
    }

    [Fact]
    public void FunctionApp_FlexConsumptionLinuxDotnetIsolated10_DeployedWithItsUserAssignedIdentity()
    {
        var app = compiled.Root.Module("functionapp");
        var plan = app.Resource("Microsoft.Web/serverfarms");
        Assert.Equal("FC1", plan.GetProperty("sku").GetProperty("name").GetString());
        Assert.Equal("FlexConsumption", plan.GetProperty("sku").GetProperty("tier").GetString());
        Assert.True(plan.GetProperty("properties").GetProperty("reserved").GetBoolean());

        var site = app.Resource("Microsoft.Web/sites");
        Assert.Equal("functionapp,linux", site.GetProperty("kind").GetString());
        Assert.Equal("UserAssigned", site.GetProperty("identity").GetProperty("type").GetString());
        var properties = site.GetProperty("properties");
        Assert.True(properties.GetProperty("httpsOnly").GetBoolean());
        Assert.Equal("[parameters('identityId')]", properties.GetProperty("keyVaultReferenceIdentity").GetString());
        Assert.Contains("'identity'", compiled.Root.Deployment("functionapp").GetProperty("properties").GetProperty("parameters").GetProperty("identityId").GetProperty("value").GetString(), StringComparison.Ordinal);

        var config = properties.GetProperty("functionAppConfig");
        Assert.Equal("dotnet-isolated", config.GetProperty("runtime").GetProperty("name").GetString());
        Assert.Equal("10.0", config.GetProperty("runtime").GetProperty("version").GetString());
        var deployment = config.GetProperty("deployment").GetProperty("storage");
        Assert.Equal("blobContainer", deployment.GetProperty("type").GetString());
        Assert.Equal("UserAssignedIdentity", deployment.GetProperty("authentication").GetProperty("type").GetString());
        Assert.Equal("[parameters('identityId')]", deployment.GetProperty("authentication").GetProperty("userAssignedIdentityResourceId").GetString());
        Assert.Equal(DeploymentContainer(), app.ResolveString(LastParameter(deployment.GetProperty("value"))));
        var scale = config.GetProperty("scaleAndConcurrency");
        Assert.True(app.Resolve(scale.GetProperty("instanceMemoryMB")).GetInt32() >= 2048);
        Assert.True(app.Resolve(scale.GetProperty("maximumInstanceCount")).GetInt32() >= 1);
    }

    [Fact]
    public void AppSettings_IdentityBasedHostStorage_NoFlexDeprecatedSetting_BodyLimitAboveOneGiB()
    {
        var app = compiled.Root.Module("functionapp");
        var settings = AppSettings(app);
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"].GetString());
        Assert.Equal("[parameters('identityClientId')]", settings["AzureWebJobsStorage__clientId"].GetString());
        Assert.Equal("[parameters('blobEndpoint')]", settings["AzureWebJobsStorage__blobServiceUri"].GetString());
        Assert.Equal("[parameters('tableEndpoint')]", settings["AzureWebJobsStorage__tableServiceUri"].GetString());
        Assert.DoesNotContain(AzureStorageSettings.SectionName, settings.Keys); // no connection string, no key
        Assert.Empty(settings.Keys.Intersect(FlexDeprecatedSettings));

        var limit = settings["FUNCTIONS_REQUEST_BODY_SIZE_LIMIT"].GetString()!;
        var parameter = StringOfParameter().Match(limit);
        Assert.True(parameter.Success, limit);
        Assert.True(app.Resolve(Json($"[parameters('{parameter.Groups[1].Value}')]")).GetInt64() >= OneGiB, "a multi-GiB layer must fit in one request");

        // The worker sees the host's plain-HTTP hop: the realm clients use is named, not derived from headers.
        Assert.StartsWith($"[format('https://{{0}}{ServiceEndpoint.TokenPath}', ", settings["Registry__Auth__Realm"].GetString(), StringComparison.Ordinal);
        Assert.Contains("defaultHostName", settings["Registry__Auth__Realm"].GetString(), StringComparison.Ordinal);
        Assert.Equal("false", settings["Registry__Auth__TrustForwardedHeaders"].GetString());
        Assert.Contains("defaultHostName", settings["Registry__Auth__Service"].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Monitoring_AppInsightsOnLogAnalytics_KeysOff_AppConnectsWithItsIdentity()
    {
        var monitoring = compiled.Root.Module("monitoring");
        var workspace = monitoring.Resource("Microsoft.OperationalInsights/workspaces");
        Assert.True(workspace.GetProperty("properties").GetProperty("features").GetProperty("disableLocalAuth").GetBoolean());
        var insights = monitoring.Resource("Microsoft.Insights/components").GetProperty("properties");
        Assert.Contains("Microsoft.OperationalInsights/workspaces", insights.GetProperty("WorkspaceResourceId").GetString(), StringComparison.Ordinal);
        Assert.True(insights.GetProperty("DisableLocalAuth").GetBoolean());

        var settings = AppSettings(compiled.Root.Module("functionapp"));
        var authentication = settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"].GetString()!;
        Assert.Contains("Authorization=AAD", authentication, StringComparison.Ordinal);
        Assert.Contains("ClientId={0}", authentication, StringComparison.Ordinal); // the user-assigned identity
        Assert.Contains("'monitoring'", compiled.Root.Module("functionapp").ResolveString(settings["APPLICATIONINSIGHTS_CONNECTION_STRING"]), StringComparison.Ordinal);
    }

    [Fact]
    public void KeyVault_RbacOnly_SecretsAreSecureParametersAndKeyVaultReferences()
    {
        var vault = compiled.Root.Module("keyvault").Resource("Microsoft.KeyVault/vaults").GetProperty("properties");
        Assert.True(vault.GetProperty("enableRbacAuthorization").GetBoolean());
        Assert.False(vault.TryGetProperty("accessPolicies", out _));
        foreach (var secret in new[] { "adminPassword", "signingKey", "previousSigningKey" })
        {
            Assert.Equal("securestring", compiled.Root.Template.GetProperty("parameters").GetProperty(secret).GetProperty("type").GetString());
        }

        var app = compiled.Root.Module("functionapp");
        var settings = AppSettings(app);
        const string reference = "[format('@Microsoft.KeyVault(VaultName={0};SecretName={1})'";
        Assert.StartsWith(reference, app.ResolveString(settings["Registry__Auth__AdminPassword"]), StringComparison.Ordinal);
        foreach (var key in new[] { "Registry__Auth__SigningKey", "Registry__Auth__PreviousSigningKey" })
        {
            // A Key Vault reference when the key was given, else empty (the app generates and stores one).
            var value = settings[key].GetString()!;
            var variable = Regex.Match(value, @"variables\('(\w+)'\)");
            Assert.True(variable.Success && value.EndsWith(", '')]", StringComparison.Ordinal), $"{key}: {value}");
            Assert.StartsWith(reference, app.ResolveString(Json($"[variables('{variable.Groups[1].Value}')]")), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void RoleAssignments_GrantTheAppBlobTableTelemetryAndSecretRoles_AndTheDeployerSecrets()
    {
        var roles = compiled.Root.Module("roles");
        var ids = roles.Template.GetProperty("variables").GetProperty("roleIds").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        var granted = roles.Resources("Microsoft.Authorization/roleAssignments").SelectMany(assignment =>
        {
            var properties = assignment.GetProperty("properties");
            var principal = properties.GetProperty("principalId").GetString()!;
            var scope = assignment.GetProperty("scope").GetString()!;
            return RoleKey().Matches(properties.GetProperty("roleDefinitionId").GetString()!).Select(m => (Role: ids[m.Groups[1].Value], Principal: principal, Scope: scope));
        }).ToList();

        const string app = "[parameters('appPrincipalId')]";
        // Blob data + generateUserDelegationKey (the SAS URLs blob GETs redirect to): either role has both.
        Assert.Contains(granted, g => g.Principal == app && g.Role is StorageBlobDataOwner or StorageBlobDataContributor && g.Scope.Contains("Microsoft.Storage/storageAccounts", StringComparison.Ordinal));
        Assert.Contains(granted, g => g.Principal == app && g.Role == StorageTableDataContributor && g.Scope.Contains("Microsoft.Storage/storageAccounts", StringComparison.Ordinal));
        Assert.Contains(granted, g => g.Principal == app && g.Role == MonitoringMetricsPublisher && g.Scope.Contains("Microsoft.Insights/components", StringComparison.Ordinal));
        Assert.Contains(granted, g => g.Principal == app && g.Role == KeyVaultSecretsUser && g.Scope.Contains("Microsoft.KeyVault/vaults", StringComparison.Ordinal));
        Assert.Contains(granted, g => g.Principal == "[parameters('deployerPrincipalId')]" && g.Role == KeyVaultSecretsOfficer);

        var principal = roles.ResolveString(Json(app))!;
        Assert.Contains("'identity'", principal, StringComparison.Ordinal);
        Assert.Contains("outputs.principalId.value", principal, StringComparison.Ordinal);
    }

    [Fact]
    public void Outputs_LoginServerIsTheAppHostName_TokenRealmIsItsTokenPath()
    {
        var outputs = compiled.Root.Template.GetProperty("outputs");
        var loginServer = outputs.GetProperty("REGISTRY_LOGIN_SERVER").GetProperty("value").GetString()!;
        Assert.Contains("'functionapp'", loginServer, StringComparison.Ordinal);
        Assert.Contains("outputs.defaultHostName.value", loginServer, StringComparison.Ordinal);
        Assert.Contains(".defaultHostName]", compiled.Root.Module("functionapp").Template.GetProperty("outputs").GetProperty("defaultHostName").GetProperty("value").GetString(), StringComparison.Ordinal);

        var realm = outputs.GetProperty("REGISTRY_TOKEN_REALM").GetProperty("value").GetString()!;
        Assert.StartsWith($"[format('https://{{0}}{ServiceEndpoint.TokenPath}', ", realm, StringComparison.Ordinal);
        Assert.Contains("outputs.defaultHostName.value", realm, StringComparison.Ordinal);
    }

    /// <summary>The app settings of the function app (the sites/config 'appsettings' resource).</summary>
    internal static Dictionary<string, JsonElement> AppSettings(ArmScope app) =>
        app.Resources("Microsoft.Web/sites/config")
            .Single(c => c.GetProperty("name").GetString()!.Contains("'appsettings'", StringComparison.Ordinal))
            .GetProperty("properties").EnumerateObject().ToDictionary(p => p.Name, p => p.Value);

    private string DeploymentContainer() =>
        compiled.Root.ResolveString(compiled.Root.Deployment("storage").GetProperty("properties").GetProperty("parameters").GetProperty("deploymentContainerName").GetProperty("value"))!;

    private static JsonElement Json(string value) => JsonSerializer.SerializeToElement(value);

    /// <summary>The last <c>parameters('x')</c> of an expression (a resource's own name in a format()), as <c>[parameters('x')]</c>.</summary>
    private static JsonElement LastParameter(JsonElement expression) =>
        Json($"[parameters('{Parameter().Matches(expression.GetString()!)[^1].Groups[1].Value}')]");

    [GeneratedRegex(@"parameters\('([^']+)'\)")]
    private static partial Regex Parameter();

    [GeneratedRegex(@"^\[string\(parameters\('([^']+)'\)\)\]$")]
    private static partial Regex StringOfParameter();

    [GeneratedRegex(@"variables\('roleIds'\)\.(\w+)")]
    private static partial Regex RoleKey();
}
