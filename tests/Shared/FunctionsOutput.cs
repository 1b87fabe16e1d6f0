using System.Text.Json;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Registry.Tests.Shared;

/// <summary>One HTTP-triggered function as functions.metadata describes it to the Functions host.</summary>
internal sealed record HttpFunction(string Name, string EntryPoint, string Route, string AuthLevel, IReadOnlyList<string> Methods);

/// <summary>
/// What the Functions host reads from a build or publish output of Registry.Functions: the
/// functions.metadata the Worker SDK writes (route templates copied verbatim, never validated by the
/// build) and host.json. Shared (as a linked source file) by the tests of the build output and of the
/// publish output, so both hold the host to the same rules.
/// </summary>
internal static class FunctionsOutput
{
    /// <summary>The HTTP functions of <c>functions.metadata</c> in <paramref name="directory"/>.</summary>
    public static IReadOnlyList<HttpFunction> HttpFunctions(string directory)
    {
        var path = Path.Combine(directory, "functions.metadata");
        Assert.True(File.Exists(path), $"{path} is missing: build or publish the Functions project first");
        using var metadata = JsonDocument.Parse(File.ReadAllText(path));
        return metadata.RootElement.EnumerateArray().Select(function =>
        {
            var trigger = function.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "httpTrigger");
            return new HttpFunction(
                function.GetProperty("name").GetString()!,
                function.GetProperty("entryPoint").GetString()!,
                trigger.GetProperty("route").GetString()!,
                trigger.GetProperty("authLevel").GetString()!,
                [.. trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToLowerInvariant())]);
        }).ToList();
    }

    /// <summary>
    /// Every route parses as the host will parse it, and a catch-all is only ever the last parameter
    /// (the host rejects any other place, at start-up, in production).
    /// </summary>
    public static void AssertRoutesParse(IEnumerable<HttpFunction> functions)
    {
        foreach (var function in functions)
        {
            var pattern = RoutePatternFactory.Parse(function.Route);
            Assert.All(pattern.Parameters.SkipLast(1), parameter => Assert.False(parameter.IsCatchAll, $"{function.Name}: catch-all before the end of {function.Route}"));
        }
    }

    /// <summary><c>extensions.http.routePrefix</c> of the host.json in <paramref name="directory"/> (must be "" for /v2/ at the root).</summary>
    public static string? RoutePrefix(string directory)
    {
        var path = Path.Combine(directory, "host.json");
        Assert.True(File.Exists(path), $"{path} is missing");
        using var host = JsonDocument.Parse(File.ReadAllText(path));
        return host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString();
    }
}
