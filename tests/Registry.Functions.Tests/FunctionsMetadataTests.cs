using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Routing.Patterns;
using Registry.Http;

namespace Registry.Functions.Tests;

/// <summary>
/// functions.metadata copies route templates verbatim and the build does not validate them:
/// parse every one here so a bad template fails CI, not production.
/// </summary>
public sealed class FunctionsMetadataTests
{
    [Fact]
    public void EveryHttpRoute_Parses_IsAnonymous_AndItsClassTakesTheSharedEndpoint()
    {
        var path = Path.Combine(RepositoryFiles.FunctionsOutput, "functions.metadata");
        Assert.True(File.Exists(path), $"build the Functions project first: {path} is missing");
        using var metadata = JsonDocument.Parse(File.ReadAllText(path));

        var functions = metadata.RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(functions);
        var assembly = typeof(RegistryFunction).Assembly;
        foreach (var function in functions)
        {
            var name = function.GetProperty("name").GetString();
            var trigger = function.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "httpTrigger");
            var route = trigger.GetProperty("route").GetString()!;
            var pattern = RoutePatternFactory.Parse(route);
            Assert.Equal("v2", pattern.PathSegments[0].Parts.OfType<RoutePatternLiteralPart>().Single().Content);
            Assert.True(pattern.Parameters[^1].IsCatchAll, $"{name}: the last parameter of {route} must be the catch-all");
            Assert.Equal("Anonymous", trigger.GetProperty("authLevel").GetString(), ignoreCase: true);

            var entryPoint = function.GetProperty("entryPoint").GetString()!;
            var type = assembly.GetType(entryPoint[..entryPoint.LastIndexOf('.')], throwOnError: true)!;
            Assert.Contains(type.GetConstructors(), c => c.GetParameters().Any(p => p.ParameterType == typeof(RegistryEndpoint)));
        }
    }

    [Fact]
    public void RegistryFunction_AcceptsEveryMethodTheApiUses()
    {
        var trigger = typeof(RegistryFunction).GetMethod(nameof(RegistryFunction.Run))!.GetParameters()[0]
            .GetCustomAttribute<Microsoft.Azure.Functions.Worker.HttpTriggerAttribute>()!;
        Assert.Equal(["get", "head", "post", "put", "patch", "delete"], trigger.Methods!);
        Assert.Equal(RegistryFunction.Route, trigger.Route);
    }

    [Fact]
    public void HostJson_AtRoot_HasEmptyRoutePrefix_AndShipsWithTheApp()
    {
        foreach (var path in new[] { Path.Combine(RepositoryFiles.Root, "host.json"), Path.Combine(RepositoryFiles.FunctionsOutput, "host.json") })
        {
            using var host = JsonDocument.Parse(File.ReadAllText(path));
            Assert.Equal(string.Empty, host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        }
    }
}
