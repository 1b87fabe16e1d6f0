using System.Net;
using Registry.Http.Tests.Infrastructure;

namespace Registry.Http.Tests;

public sealed class BaseEndpointTests : FlowTestBase
{
    [Theory]
    [InlineData("/v2/")]
    [InlineData("/v2")]
    public async Task GetV2_200WithApiVersionHeader(string path)
    {
        using var response = await Client.SendAsync(HttpMethod.Get, path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("registry/2.0", response.Headers.GetValues("Docker-Distribution-API-Version").Single());
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnknownPath_404NotFoundWithHeader()
    {
        using var response = await Client.SendAsync(HttpMethod.Get, "/v2/team/app/unknown");
        await response.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.True(response.Headers.Contains("Docker-Distribution-API-Version"));
    }

    protected override void AddStorage(Microsoft.Extensions.DependencyInjection.IServiceCollection services) => StorageProfiles.InMemory(services);
}
