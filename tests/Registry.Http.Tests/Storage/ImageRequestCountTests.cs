using System.Net;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core;
using Registry.Http.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Registry.Http.Tests.Storage;

/// <summary>
/// Counts every Azure Storage request (SDK requests through a pipeline policy, plus the clients'
/// own GETs of the SAS URLs blob downloads redirect to) of pushing and pulling a 5-layer image in
/// the shapes real clients use, on Azurite. docs/performance.md prices these counts.
/// </summary>
public sealed class ImageRequestCountTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Layers = 5;

    private static readonly HttpClient Storage = new(new SocketsHttpHandler { AllowAutoRedirect = false });

    private readonly StorageRequestLog log = new();
    private RegistryServer pusher = null!;
    private RegistryServer puller = null!;

    public async Task InitializeAsync()
    {
        pusher = await StartCountedAsync();
        puller = await StartCountedAsync();
        log.Clear();
    }

    public async Task DisposeAsync()
    {
        await pusher.DisposeAsync();
        await puller.DisposeAsync();
    }

    /// <summary>skopeo, podman, buildah, docker and the .NET SDK: HEAD, POST, one PATCH, PUT per blob.</summary>
    [Fact]
    public async Task Push_PatchShape_CostsElevenRequestsPerBlobAndThreeForTheManifest()
    {
        var image = NewImage();
        var repository = TestContent.UniqueRepository("count");

        foreach (var blob in image.Blobs)
        {
            await CheckMissingAsync(repository, blob);
            await pusher.RawClient.PushBlobAsync(repository, blob);
        }

        var blobs = Take("push (HEAD, POST, PATCH, PUT per blob)");
        await PutManifestAsync(repository, image);
        var manifest = Take("push (PUT manifest by tag)");

        AssertCounts(new()
        {
            ["GET repositoryblobs"] = 6, // HEAD
            ["POST uploads"] = 6, // POST
            ["GET uploads"] = 12, ["PUT blob comp=block"] = 6, ["PUT uploads"] = 6, // PATCH
            ["DELETE uploads"] = 6, ["GET blobs"] = 6, ["PUT blob comp=blocklist"] = 6, ["POST blobs"] = 6, ["PUT repositoryblobs"] = 6, // PUT
            ["PUT repositories"] = 1, // the first blob of a repository new to this instance
        }, blobs);
        AssertCounts(new() { ["GET repositoryblobs"] = 1, ["PUT manifests"] = 1, ["PUT tags"] = 1 }, manifest);
    }

    /// <summary>containerd (ctr, Docker 29+, buildkit): HEAD, POST, PUT with the whole blob.</summary>
    [Fact]
    public async Task Push_MonolithicPutShape_CostsNineRequestsPerBlob()
    {
        var image = NewImage();
        var repository = TestContent.UniqueRepository("count");

        foreach (var blob in image.Blobs)
        {
            await CheckMissingAsync(repository, blob);
            var location = await pusher.RawClient.StartUploadLocationAsync(repository);
            using var completed = await pusher.RawClient.CompleteAsync(location, TestContent.DigestOf(blob), blob);
            Assert.Equal(HttpStatusCode.Created, completed.StatusCode);
        }

        var blobs = Take("push (HEAD, POST, PUT with the blob, per blob)");

        AssertCounts(new()
        {
            ["GET repositoryblobs"] = 6, // HEAD
            ["POST uploads"] = 6, // POST
            ["GET uploads"] = 6, ["PUT blob comp=block"] = 6, ["DELETE uploads"] = 6, ["GET blobs"] = 6, // PUT
            ["PUT blob comp=blocklist"] = 6, ["POST blobs"] = 6, ["PUT repositoryblobs"] = 6,
            ["PUT repositories"] = 1,
        }, blobs);
    }

    /// <summary>Every client: GET the manifest by tag, then each blob, which redirects to storage.</summary>
    [Fact]
    public async Task Pull_OnAnotherInstanceThenAgain_CostsTwoRequestsPerBlobAndTwoOrOneForTheManifest()
    {
        var image = NewImage();
        var repository = TestContent.UniqueRepository("count");
        foreach (var blob in image.Blobs)
        {
            await pusher.RawClient.PushBlobAsync(repository, blob);
        }

        await PutManifestAsync(repository, image);
        log.Clear();

        await PullAsync(puller, repository, "v1", image);
        var cold = Take("pull by tag on an instance that has not seen the image");
        await PullAsync(puller, repository, "v1", image);
        var warm = Take("pull by tag again on the same instance");

        AssertCounts(new() { ["GET tags"] = 1, ["GET manifests"] = 1, ["GET repositoryblobs"] = 6, ["GET blob (SAS)"] = 6 }, cold);
        AssertCounts(new() { ["GET tags"] = 1, ["GET repositoryblobs"] = 6, ["GET blob (SAS)"] = 6 }, warm);
    }

    private async Task<RegistryServer> StartCountedAsync()
    {
        var server = await RegistryServer.StartAsync(services =>
        {
            StorageProfiles.Azurite(services);
            services.AddAzureClients(clients => clients.ConfigureDefaults(options => options.AddPolicy(
                options switch
                {
                    BlobClientOptions => log.BlobPolicy,
                    TableClientOptions => log.TablePolicy,
                    _ => throw new InvalidOperationException($"unexpected client options {options.GetType()}"),
                },
                HttpPipelinePosition.PerCall)));
        });

        // The host creates its container and tables once, before its first request: not counted.
        using var ready = await server.RawClient.GetAsync("/v2/");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        return server;
    }

    private async Task CheckMissingAsync(string repository, byte[] blob)
    {
        using var head = await pusher.RawClient.SendAsync(HttpMethod.Head, $"/v2/{repository}/blobs/{TestContent.DigestOf(blob)}");
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
    }

    private async Task PutManifestAsync(string repository, Image image)
    {
        using var put = await pusher.RawClient.PutManifestAsync(repository, "v1", image.Manifest, MediaTypes.OciManifest);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
    }

    private async Task PullAsync(RegistryServer server, string repository, string reference, Image image)
    {
        using (var manifest = await server.RawClient.SendAsync(HttpMethod.Get, $"/v2/{repository}/manifests/{reference}", MediaTypes.OciManifest))
        {
            Assert.Equal(HttpStatusCode.OK, manifest.StatusCode);
            Assert.Equal(image.Manifest, await manifest.Content.ReadAsByteArrayAsync());
        }

        foreach (var blob in image.Blobs)
        {
            using var redirect = await server.RawClient.SendAsync(HttpMethod.Get, $"/v2/{repository}/blobs/{TestContent.DigestOf(blob)}");
            Assert.Equal(HttpStatusCode.TemporaryRedirect, redirect.StatusCode);
            log.Add("GET blob (SAS)");
            using var download = await Storage.GetAsync(redirect.Headers.Location);
            Assert.Equal(blob, await download.Content.ReadAsByteArrayAsync());
        }
    }

    private static void AssertCounts(Dictionary<string, int> expected, IReadOnlyList<string> requests) =>
        Assert.Equal(
            expected.OrderBy(pair => pair.Key, StringComparer.Ordinal),
            requests.CountBy(request => request).OrderBy(pair => pair.Key, StringComparer.Ordinal));

    private static Image NewImage()
    {
        var config = TestContent.RandomBytes(700);
        var layers = Enumerable.Range(0, Layers).Select(i => TestContent.RandomBytes(1024 * (i + 1))).ToArray();
        return new Image([.. layers, config], TestContent.ImageManifest(config, layers));
    }

    /// <summary>The requests since the last call, printed as a count per kind.</summary>
    private List<string> Take(string what)
    {
        var requests = log.Take();
        output.WriteLine($"{what}: {requests.Count} storage requests");
        foreach (var (request, count) in requests.CountBy(request => request).OrderByDescending(pair => pair.Value))
        {
            output.WriteLine($"  {count,3} x {request}");
        }

        return requests;
    }

    private sealed record Image(byte[][] Blobs, byte[] Manifest);
}
