using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Registry.Http.Auth;
using Registry.Http.Handlers;
using Registry.Storage.Azure;

namespace Registry.Infra.Tests;

/// <summary>
/// Every setting the code reads is present in local.settings.sample.json and in the Bicep app
/// settings, with the code's default value unless deliberately different; and the code reads no
/// configuration outside the sections checked here, so a new setting cannot skip the deployment.
/// </summary>
[Collection(TemplateCollection.Name)]
public sealed partial class SettingsCrossCheckTests(CompiledTemplate compiled)
{
    /// <summary>The options classes the hosts bind, with their sections. A new one goes here.</summary>
    private static readonly (Type Options, string Section)[] OptionSections =
    [
        (typeof(AuthOptions), AuthOptions.Section),
        (typeof(BlobDownloadOptions), BlobDownloadOptions.Section),
    ];

    /// <summary>The sections the code may read: the options sections and the storage connection.</summary>
    private static readonly string[] SectionExpressions =
        [.. OptionSections.Select(o => $"{o.Options.Name}.{nameof(AuthOptions.Section)}"), $"{nameof(AzureStorageSettings)}.{nameof(AzureStorageSettings.SectionName)}"];

    /// <summary>Keys of AzureWebJobsStorage the code reads (AzureStorageSettings, and AzureComponentFactory's credential).</summary>
    private static readonly string[] StorageKeys = ["accountName", "blobServiceUri", "tableServiceUri", "credential", "clientId"];

    /// <summary>Identity-based storage on Azure: these four, no connection string.</summary>
    private static readonly string[] IdentityStorageKeys = ["blobServiceUri", "tableServiceUri", "credential", "clientId"];

    /// <summary>Settings whose value deliberately differs from the code's default, and why.</summary>
    private static readonly Dictionary<string, string> SampleDeviations = new()
    {
        ["Registry__Auth__AdminUser"] = "the bootstrap administrator is on by default once a password is set",
    };

    private static readonly Dictionary<string, string> BicepDeviations = new()
    {
        ["Registry__Auth__Realm"] = "the worker sees the Functions host's plain-HTTP hop, not the URL clients use: the realm is named outright",
    };

    [Fact]
    public void EveryRegistrySetting_IsInTheSample_AndInTheBicepAppSettings()
    {
        var sample = SampleValues();
        var bicep = BicepTemplateTests.AppSettings(compiled.Root.Module("functionapp"));
        var missing = RegistrySettings().Where(s => !sample.ContainsKey(s)).Select(s => $"local.settings.sample.json: {s}")
            .Concat(RegistrySettings().Where(s => !bicep.ContainsKey(s)).Select(s => $"infra/modules/functionapp.bicep: {s}"));
        Assert.Empty(missing);
    }

    [Fact]
    public void Storage_IsAConnectionStringInTheSample_AndIdentityBasedInBicep()
    {
        var section = AzureStorageSettings.SectionName;
        Assert.Equal("UseDevelopmentStorage=true", SampleValues()[section]);
        var bicep = BicepTemplateTests.AppSettings(compiled.Root.Module("functionapp"));
        Assert.DoesNotContain(section, bicep.Keys);
        Assert.All(IdentityStorageKeys, key => Assert.Contains($"{section}__{key}", bicep.Keys));
    }

    [Fact]
    public void SampleAndBicepValues_AreTheCodeDefaults_ExceptDeliberateOnes()
    {
        AssertDefaults("local.settings.sample.json", SampleValues(), SampleDeviations);
        var bicep = BicepTemplateTests.AppSettings(compiled.Root.Module("functionapp"))
            .Where(s => s.Value.ValueKind == JsonValueKind.String && !s.Value.GetString()!.StartsWith('['))
            .ToDictionary(s => s.Key, s => s.Value.GetString()!);
        AssertDefaults("infra/modules/functionapp.bicep", bicep, BicepDeviations);
    }

    [Fact]
    public void TheCode_ReadsConfigurationOnlyThroughTheCheckedSections()
    {
        var problems = new List<string>();
        var sources = Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "functions"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        foreach (var file in sources)
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var where = $"{Path.GetRelativePath(RepositoryPaths.Root, file)}:{i + 1}";
                foreach (Match section in GetSection().Matches(lines[i]))
                {
                    if (!SectionExpressions.Contains(section.Groups[1].Value.Trim()))
                    {
                        problems.Add($"{where}: GetSection({section.Groups[1].Value}) is a section the cross-check does not know");
                    }
                }

                foreach (Match key in ConfigurationIndexer().Matches(lines[i]))
                {
                    if (!StorageKeys.Contains(key.Groups[1].Value))
                    {
                        problems.Add($"{where}: reads configuration key \"{key.Groups[1].Value}\"");
                    }
                }

                foreach (Match value in GetValue().Matches(lines[i]))
                {
                    if (!OptionSections.Any(o => value.Groups[1].Value.StartsWith($"nameof({o.Options.Name}.", StringComparison.Ordinal)))
                    {
                        problems.Add($"{where}: GetValue({value.Groups[1].Value}) reads a setting outside the options classes");
                    }
                }

                if (lines[i].Contains("GetConnectionString(", StringComparison.Ordinal) || lines[i].Contains("GetEnvironmentVariable(", StringComparison.Ordinal))
                {
                    problems.Add($"{where}: reads a setting around the configuration sections");
                }
            }
        }

        Assert.True(problems.Count == 0,
            "New settings must be added to SettingsCrossCheckTests, local.settings.sample.json and infra/modules/functionapp.bicep:\n" + string.Join('\n', problems));
    }

    /// <summary>Every bindable property of every options class, as an app setting (<c>Registry__Auth__AdminUser</c>).</summary>
    private static IEnumerable<string> RegistrySettings() =>
        OptionSections.SelectMany(o => o.Options.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .Select(p => $"{o.Section.Replace(":", "__", StringComparison.Ordinal)}__{p.Name}"));

    private static Dictionary<string, string> SampleValues()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "local.settings.sample.json")));
        return sample.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
    }

    /// <summary>Binds the literal values as the hosts do and compares each property with a fresh options object.</summary>
    private static void AssertDefaults(string source, Dictionary<string, string> values, Dictionary<string, string> deviations)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key.Replace("__", ":", StringComparison.Ordinal), (string?)v.Value)))
            .Build();
        foreach (var (type, section) in OptionSections)
        {
            var configured = configuration.GetSection(section).Get(type) ?? Activator.CreateInstance(type)!;
            var defaults = Activator.CreateInstance(type)!;
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
            {
                var setting = $"{section.Replace(":", "__", StringComparison.Ordinal)}__{property.Name}";
                if (!values.ContainsKey(setting) || deviations.ContainsKey(setting))
                {
                    continue; // not a literal here (an expression, a parameter), or deliberately different
                }

                // Empty and unset strings mean the same to the code (it checks Length > 0).
                var expected = property.GetValue(defaults) is string { Length: 0 } ? null : property.GetValue(defaults);
                var actual = property.GetValue(configured) is string { Length: 0 } ? null : property.GetValue(configured);
                Assert.True(Equals(expected, actual), $"{source}: {setting} is '{actual}', the code's default is '{expected}'");
            }
        }
    }

    [GeneratedRegex(@"GetSection\(([^)]*)\)")]
    private static partial Regex GetSection();

    [GeneratedRegex(@"\b(?:configuration|Configuration|section|config)\[\s*""([^""]+)""\s*\]")]
    private static partial Regex ConfigurationIndexer();

    [GeneratedRegex(@"\.GetValue(?:<[^>]+>)?\(([^,)]*)")]
    private static partial Regex GetValue();
}
