using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Registry.Http.Auth;

namespace Registry.Functions.Tests;

/// <summary>The token function is a thin adapter over the shared token handler.</summary>
public sealed class TokenFunctionTests
{
    [Fact]
    public async Task Run_BasicCredentials_AnsweredByTokenHandlerWithToken()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Registry:Auth:AdminUser"] = "admin",
            ["Registry:Auth:AdminPassword"] = "pw",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddRegistryEndpoint().AddInMemoryRegistryStorage().AddRegistryAuth(configuration).BuildServiceProvider();
        var function = new TokenFunction(services.GetRequiredService<TokenHandler>());
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = "/token";
        context.Request.Host = new HostString("127.0.0.1:7071");
        context.Request.QueryString = new QueryString("?service=127.0.0.1:7071&scope=repository:team/app:pull");
        context.Request.Headers.Authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:pw"));
        context.Response.Body = new MemoryStream();

        await function.Run(context.Request);

        Assert.Equal(200, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        using var json = await JsonDocument.ParseAsync(context.Response.Body);
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("token").GetString()));
    }
}
