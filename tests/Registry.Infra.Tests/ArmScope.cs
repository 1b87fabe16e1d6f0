using System.Text.Json;
using System.Text.RegularExpressions;

namespace Registry.Infra.Tests;

/// <summary>
/// One template of the ARM JSON that <c>bicep build infra/main.bicep</c> compiles: the root, or the
/// nested template of a module deployment. Resolves the plain indirections Bicep compiles values into
/// (<c>[parameters('x')]</c> through the module's parameters or defaults, <c>[variables('x')]</c>) so
/// tests can compare the deployed values with the code's constants; other expressions stay as text.
/// </summary>
internal sealed partial class ArmScope(JsonElement template, JsonElement? deployment = null, ArmScope? parent = null)
{
    public JsonElement Template { get; } = template;

    /// <summary>The nested template of the module deployed as <paramref name="name"/> (its Bicep <c>name:</c>).</summary>
    public ArmScope Module(string name) =>
        new(Deployment(name).GetProperty("properties").GetProperty("template"), Deployment(name), this);

    /// <summary>The module deployment resource named <paramref name="name"/>.</summary>
    public JsonElement Deployment(string name) =>
        Resources("Microsoft.Resources/deployments").Single(d => d.GetProperty("name").GetString() == name);

    /// <summary>The resources of this template of one type (compiled as an array, or an object with symbolic names).</summary>
    public IEnumerable<JsonElement> Resources(string type)
    {
        var resources = Template.GetProperty("resources");
        var all = resources.ValueKind == JsonValueKind.Array ? resources.EnumerateArray() : resources.EnumerateObject().Select(p => p.Value);
        return all.Where(r => string.Equals(r.GetProperty("type").GetString(), type, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    /// <summary>The one resource of <paramref name="type"/>.</summary>
    public JsonElement Resource(string type)
    {
        var found = Resources(type).ToList();
        Assert.True(found.Count == 1, $"expected one {type}, found {found.Count}");
        return found[0];
    }

    /// <summary>The value behind <c>[parameters('x')]</c> / <c>[variables('x')]</c>, followed to a literal where there is one.</summary>
    public JsonElement Resolve(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String || Reference().Match(value.GetString()!) is not { Success: true } match)
        {
            return value;
        }

        var name = match.Groups["name"].Value;
        if (match.Groups["kind"].Value == "variables")
        {
            return Resolve(Template.GetProperty("variables").GetProperty(name));
        }

        if (deployment is { } module && module.GetProperty("properties").GetProperty("parameters").TryGetProperty(name, out var given))
        {
            return parent!.Resolve(given.GetProperty("value"));
        }

        return Template.GetProperty("parameters").GetProperty(name).TryGetProperty("defaultValue", out var fallback) ? Resolve(fallback) : value;
    }

    /// <summary><see cref="Resolve(JsonElement)"/> of a string property.</summary>
    public string? ResolveString(JsonElement value) => Resolve(value) is { ValueKind: JsonValueKind.String } resolved ? resolved.GetString() : Resolve(value).GetRawText();

    [GeneratedRegex(@"^\[(?<kind>parameters|variables)\('(?<name>[^']+)'\)\]$")]
    private static partial Regex Reference();
}
