using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Registry.Http;

namespace Registry.Functions.Tests;

/// <summary>The function is a thin adapter: whatever reaches it is answered by the shared endpoint.</summary>
public sealed class RegistryFunctionTests
{
    private readonly RegistryFunction function;

    public RegistryFunctionTests()
    {
        var services = new ServiceCollection().AddLogging().AddRegistryEndpoint().AddInMemoryRegistryStorage().BuildServiceProvider();
        function = new RegistryFunction(services.GetRequiredService<RegistryEndpoint>());
    }

    [Fact]
    public async Task Run_VersionCheck_AnsweredByEndpoint()
    {
        var context = Request("GET", "/v2/");
        var result = await function.Run(context.Request);

        Assert.IsType<EmptyResult>(result);
        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal("registry/2.0", context.Response.Headers["Docker-Distribution-API-Version"].ToString());
    }

    [Fact]
    public async Task Run_UploadStart_AnsweredByEndpointWithSession()
    {
        var context = Request("POST", "/v2/team/app/blobs/uploads/");
        await function.Run(context.Request);

        Assert.Equal(202, context.Response.StatusCode);
        Assert.StartsWith("/v2/team/app/blobs/uploads/", context.Response.Headers.Location.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_EncodedSlashInName_NameInvalid()
    {
        var context = Request("GET", "/v2/team%2Fapp/tags/list");
        await function.Run(context.Request);

        Assert.Equal(400, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        Assert.Contains("NAME_INVALID", await new StreamReader(context.Response.Body).ReadToEndAsync(), StringComparison.Ordinal);
    }

    private static DefaultHttpContext Request(string method, string path)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        context.Response.Body = new MemoryStream();
        return context;
    }
}
