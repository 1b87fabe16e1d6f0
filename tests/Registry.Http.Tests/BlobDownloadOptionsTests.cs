using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Registry.Http.Handlers;

namespace Registry.Http.Tests;

/// <summary><c>AddRegistryEndpoint(configuration)</c> binds <c>Registry:Blobs</c>, as both hosts call it.</summary>
public sealed class BlobDownloadOptionsTests
{
    [Fact]
    public void AddRegistryEndpoint_NothingConfigured_RedirectsForTenMinutes()
    {
        var options = Options([]);

        Assert.True(options.RedirectDownloads);
        Assert.Equal(TimeSpan.FromMinutes(10), options.RedirectLifetime);
    }

    [Fact]
    public void AddRegistryEndpoint_RegistryBlobsSection_Bound()
    {
        var options = Options(new() { ["Registry:Blobs:RedirectDownloads"] = "false", ["Registry:Blobs:RedirectLifetime"] = "00:02:30" });

        Assert.False(options.RedirectDownloads);
        Assert.Equal(TimeSpan.FromSeconds(150), options.RedirectLifetime);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:01:00")]
    [InlineData("1.00:00:01")]
    public void AddRegistryEndpoint_LifetimeOutOfRange_FailsNamingTheSetting(string lifetime)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Options(new() { ["Registry:Blobs:RedirectLifetime"] = lifetime }));

        Assert.Contains("Registry:Blobs:RedirectLifetime", error.Message, StringComparison.Ordinal);
    }

    private static BlobDownloadOptions Options(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddRegistryEndpoint(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<BlobDownloadOptions>>().Value;
    }
}
