using System.Net;
using System.Text.Json;
using Registry.Core;
using Registry.Http.Tests.Infrastructure;

namespace Registry.Http.Tests.Flows;

/// <summary>Eight clients racing on one blob or one tag leave a consistent store.</summary>
public abstract class ConcurrencyFlows : FlowTestBase
{
    private const int Clients = 8;
    private readonly string repository = TestContent.UniqueRepository("race");

    [Fact]
    public async Task EightClients_PushSameBlob_AllSucceedAndBlobPullsRight()
    {
        var blob = TestContent.RandomBytes(3 * 1024 * 1024);
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Client.PushBlobAsync(repository, blob)));

        using var get = await Client.SendAsync(HttpMethod.Get, $"/v2/{repository}/blobs/{TestContent.DigestOf(blob)}");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(TestContent.DigestOf(blob), TestContent.DigestOf(await get.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task EightClients_PushSameTagDifferentManifests_TagResolvesToOneAndAllBlobsPull()
    {
        var images = Enumerable.Range(0, Clients)
            .Select(_ => (Config: TestContent.RandomBytes(100), Layer: TestContent.RandomBytes(20_000)))
            .ToArray();
        var manifests = images.Select(image => TestContent.ImageManifest(image.Config, [image.Layer])).ToArray();

        await Task.WhenAll(images.Select(async (image, i) =>
        {
            await Client.PushBlobAsync(repository, image.Config);
            await Client.PushBlobAsync(repository, image.Layer);
            using var put = await Client.PutManifestAsync(repository, "latest", manifests[i], MediaTypes.OciManifest);
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }));

        using var get = await Client.SendAsync(HttpMethod.Get, $"/v2/{repository}/manifests/latest");
        var winner = await get.Content.ReadAsByteArrayAsync();
        Assert.Contains(manifests, m => m.AsSpan().SequenceEqual(winner));

        using var json = JsonDocument.Parse(winner);
        var referenced = json.RootElement.GetProperty("layers").EnumerateArray()
            .Append(json.RootElement.GetProperty("config"))
            .Select(d => d.GetProperty("digest").GetString()!);
        foreach (var digest in referenced)
        {
            using var blob = await Client.SendAsync(HttpMethod.Get, $"/v2/{repository}/blobs/{digest}");
            Assert.Equal(digest, TestContent.DigestOf(await blob.Content.ReadAsByteArrayAsync()));
        }
    }
}

public sealed class InMemoryConcurrencyFlows : ConcurrencyFlows
{
    protected override void AddStorage(Microsoft.Extensions.DependencyInjection.IServiceCollection services) => StorageProfiles.InMemory(services);
}

public sealed class AzuriteConcurrencyFlows : ConcurrencyFlows
{
    protected override void AddStorage(Microsoft.Extensions.DependencyInjection.IServiceCollection services) => StorageProfiles.Azurite(services);
}
