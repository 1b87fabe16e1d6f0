using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Routing.Patterns;
using Registry.Http;
using Registry.Http.Auth;

namespace Registry.Functions.Tests;

/// <summary>
/// functions.metadata copies route templates verbatim and the build does not validate them:
/// parse every one here so a bad template fails CI, not production.
/// </summary>
public sealed class FunctionsMetadataTests
{
    [Fact]
    public void EveryHttpRoute_Parses_IsAnonymous_AndItsClassTakesSharedEndpointCode()
    {
        var path = Path.Combine(RepositoryPaths.Output("Registry.Functions"), "functions.metadata");
        Assert.True(File.Exists(path), $"build the Functions project first: {path} is missing");
        using var metadata = JsonDocument.Parse(File.ReadAllText(path));

        var routes = new List<string>();
        var assembly = typeof(RegistryFunction).Assembly;
        foreach (var function in metadata.RootElement.EnumerateArray())
        {
            var trigger = function.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "httpTrigger");
            var route = trigger.GetProperty("route").GetString()!;
            var pattern = RoutePatternFactory.Parse(route);
            Assert.All(pattern.Parameters.SkipLast(1), parameter => Assert.False(parameter.IsCatchAll));
            Assert.Equal("Anonymous", trigger.GetProperty("authLevel").GetString(), ignoreCase: true);
            routes.Add(route);

            var entryPoint = function.GetProperty("entryPoint").GetString()!;
            var type = assembly.GetType(entryPoint[..entryPoint.LastIndexOf('.')], throwOnError: true)!;
            Assert.Contains(type.GetConstructors(), c => c.GetParameters().Any(p => p.ParameterType == typeof(RegistryEndpoint) || p.ParameterType == typeof(TokenHandler)));
        }

        Assert.Equal(new[] { RegistryFunction.Route, TokenFunction.Route }.Order(), routes.Order());
        Assert.True(RoutePatternFactory.Parse(RegistryFunction.Route).Parameters.Single().IsCatchAll);
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
        foreach (var path in new[] { Path.Combine(RepositoryPaths.Root, "host.json"), Path.Combine(RepositoryPaths.Output("Registry.Functions"), "host.json") })
        {
            using var host = JsonDocument.Parse(File.ReadAllText(path));
            Assert.Equal(string.Empty, host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        }
    }
}
