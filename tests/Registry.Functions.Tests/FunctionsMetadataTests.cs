using System.Reflection;
using Microsoft.AspNetCore.Routing.Patterns;
using Registry.Http;
using Registry.Http.Auth;

namespace Registry.Functions.Tests;

/// <summary>
/// functions.metadata copies route templates verbatim and the build does not validate them:
/// parse every one here so a bad template fails CI, not production. (The publish output gets the
/// same checks in tests/Registry.Infra.Tests.)
/// </summary>
public sealed class FunctionsMetadataTests
{
    [Fact]
    public void EveryHttpRoute_Parses_IsAnonymous_AndItsClassTakesSharedEndpointCode()
    {
        var functions = FunctionsOutput.HttpFunctions(RepositoryPaths.Output("Registry.Functions"));
        FunctionsOutput.AssertRoutesParse(functions);

        var assembly = typeof(RegistryFunction).Assembly;
        foreach (var function in functions)
        {
            Assert.Equal("Anonymous", function.AuthLevel, ignoreCase: true);
            var type = assembly.GetType(function.EntryPoint[..function.EntryPoint.LastIndexOf('.')], throwOnError: true)!;
            Assert.Contains(type.GetConstructors(), c => c.GetParameters().Any(p => p.ParameterType == typeof(RegistryEndpoint) || p.ParameterType == typeof(TokenHandler)));
        }

        Assert.Equal(new[] { RegistryFunction.Route, TokenFunction.Route }.Order(), functions.Select(f => f.Route).Order());
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
        Assert.Equal(string.Empty, FunctionsOutput.RoutePrefix(RepositoryPaths.Root));
        Assert.Equal(string.Empty, FunctionsOutput.RoutePrefix(RepositoryPaths.Output("Registry.Functions")));
    }
}
