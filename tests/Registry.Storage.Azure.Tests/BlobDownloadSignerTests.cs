using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Xml.Linq;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using Microsoft.Extensions.Logging.Abstractions;

namespace Registry.Storage.Azure.Tests;

/// <summary>
/// <see cref="BlobDownloadSigner"/> against a fake Blob service: which kind of SAS it signs, the
/// user delegation key it caches and renews, and what it does when no key can be had. (The
/// account-key SAS against Azurite is in the blob store contract.)
/// </summary>
public sealed class BlobDownloadSignerTests
{
    private const string ObjectId = "11111111-2222-3333-4444-555555555555";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeBlobService storage = new();
    private readonly ManualTime time = new() { Now = Start };

    [Fact]
    public async Task SignAsync_TokenCredential_UserDelegationSasOfThatBlobReadOnly()
    {
        var signer = Signer(new FakeCredential());

        var uri = await signer.SignAsync(Blob("blobs/abc"), Lifetime, CancellationToken.None);

        Assert.NotNull(uri);
        var parts = new BlobUriBuilder(uri);
        Assert.Equal("registry", parts.BlobContainerName);
        Assert.Equal("blobs/abc", parts.BlobName);
        Assert.Equal("r", parts.Sas.Permissions);
        Assert.Equal("b", parts.Sas.Resource);
        Assert.Equal(SasProtocol.Https, parts.Sas.Protocol);
        Assert.Equal(Start - BlobDownloadSigner.ClockSkew, parts.Sas.StartsOn);
        Assert.Equal(Start + Lifetime, parts.Sas.ExpiresOn);
        Assert.Equal(ObjectId, parts.Sas.KeyObjectId);
        Assert.False(string.IsNullOrEmpty(parts.Sas.Signature));
        var request = Assert.Single(storage.KeyRequests);
        Assert.Equal(Start - BlobDownloadSigner.ClockSkew, request.StartsOn);
        Assert.Equal(Start + BlobDownloadSigner.KeyLifetime, request.ExpiresOn);
    }

    [Fact]
    public async Task SignAsync_ManyUrlsWhileKeyOutlivesThem_OneKeyRequest()
    {
        var signer = Signer(new FakeCredential());
        var blob = Blob("blobs/abc");
        var lastReuse = Start + BlobDownloadSigner.KeyLifetime - Lifetime - BlobDownloadSigner.RenewBefore;

        foreach (var now in new[] { Start, Start + TimeSpan.FromHours(1), lastReuse })
        {
            time.Now = now;
            var uri = await signer.SignAsync(blob, Lifetime, CancellationToken.None);
            Assert.Equal(now + Lifetime, new BlobUriBuilder(uri!).Sas.ExpiresOn);
        }

        Assert.Single(storage.KeyRequests);

        time.Now = lastReuse + TimeSpan.FromSeconds(1);
        await signer.SignAsync(blob, Lifetime, CancellationToken.None);
        Assert.Equal(2, storage.KeyRequests.Count);
        Assert.Equal(time.Now + BlobDownloadSigner.KeyLifetime, storage.KeyRequests.Last().ExpiresOn);
    }

    [Fact]
    public async Task SignAsync_ConcurrentCallers_ShareOneKeyRequest()
    {
        storage.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var signer = Signer(new FakeCredential());
        var blob = Blob("blobs/abc");

        var pending = Enumerable.Range(0, 8).Select(_ => signer.SignAsync(blob, Lifetime, CancellationToken.None)).ToArray();
        await storage.FirstRequest.Task.WaitAsync(TimeSpan.FromSeconds(10));
        storage.Hold.SetResult();
        var uris = await Task.WhenAll(pending);

        Assert.All(uris, uri => Assert.Equal(ObjectId, new BlobUriBuilder(uri!).Sas.KeyObjectId));
        Assert.Single(storage.KeyRequests);
    }

    [Fact]
    public async Task SignAsync_KeyRefused_NullUntilRetryDelayThenAsksAgain()
    {
        storage.Refuse = true;
        var signer = Signer(new FakeCredential());
        var blob = Blob("blobs/abc");

        Assert.Null(await signer.SignAsync(blob, Lifetime, CancellationToken.None));
        time.Now = Start + BlobDownloadSigner.RetryAfterFailure - TimeSpan.FromSeconds(1);
        Assert.Null(await signer.SignAsync(blob, Lifetime, CancellationToken.None));
        Assert.Single(storage.KeyRequests);

        storage.Refuse = false;
        time.Now = Start + BlobDownloadSigner.RetryAfterFailure;
        Assert.NotNull(await signer.SignAsync(blob, Lifetime, CancellationToken.None));
        Assert.Equal(2, storage.KeyRequests.Count);
    }

    [Fact]
    public async Task SignAsync_NoIdentityAvailable_Null()
    {
        var signer = Signer(new FakeCredential(unavailable: true));

        Assert.Null(await signer.SignAsync(Blob("blobs/abc"), Lifetime, CancellationToken.None));
        Assert.Empty(storage.KeyRequests);
    }

    [Fact]
    public async Task SignAsync_SharedKey_SignsLocallyWithoutAskingTheService()
    {
        var service = new BlobServiceClient("UseDevelopmentStorage=true", Options());
        var signer = new BlobDownloadSigner(service, time, NullLogger<BlobDownloadSigner>.Instance);

        var uri = await signer.SignAsync(service.GetBlobContainerClient("registry").GetBlobClient("blobs/abc"), Lifetime, CancellationToken.None);

        var sas = new BlobUriBuilder(uri!).Sas;
        Assert.Equal("r", sas.Permissions);
        Assert.Equal("b", sas.Resource);
        Assert.Equal(SasProtocol.HttpsAndHttp, sas.Protocol); // Azurite speaks plain HTTP
        Assert.Equal(Start + Lifetime, sas.ExpiresOn);
        Assert.Null(sas.KeyObjectId);
        Assert.Equal(0, storage.Requests);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(24 * 3600 + 1)]
    public async Task SignAsync_LifetimeOutOfRange_Throws(int seconds)
    {
        var signer = Signer(new FakeCredential());

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => signer.SignAsync(Blob("blobs/abc"), TimeSpan.FromSeconds(seconds), CancellationToken.None));
    }

    private BlobDownloadSigner Signer(TokenCredential credential) =>
        new(new BlobServiceClient(new Uri("https://example.blob.core.windows.net"), credential, Options()), time, NullLogger<BlobDownloadSigner>.Instance);

    private static BlobClient Blob(string name) =>
        new BlobServiceClient(new Uri("https://example.blob.core.windows.net"), new FakeCredential(), new BlobClientOptions())
            .GetBlobContainerClient("registry").GetBlobClient(name);

    private BlobClientOptions Options()
    {
        var options = new BlobClientOptions { Transport = new HttpClientTransport(storage) };
        options.Retry.MaxRetries = 0;
        return options;
    }

    private sealed class ManualTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class FakeCredential(bool unavailable = false) : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            unavailable ? throw new CredentialUnavailableException("no managed identity here") : new AccessToken("token", DateTimeOffset.MaxValue);

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }

    /// <summary>Answers Get User Delegation Key (echoing the asked validity) or refuses it with 403; records each request.</summary>
    private sealed class FakeBlobService : HttpMessageHandler
    {
        private int requests;

        public ConcurrentQueue<(DateTimeOffset StartsOn, DateTimeOffset ExpiresOn)> KeyRequests { get; } = new();

        public int Requests => requests;

        public bool Refuse { get; set; }

        public TaskCompletionSource? Hold { get; set; }

        public TaskCompletionSource FirstRequest { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref requests);
            Assert.Equal(HttpMethod.Post, request.Method);
            Assert.Contains("comp=userdelegationkey", request.RequestUri!.Query, StringComparison.Ordinal);
            var body = XDocument.Parse(await request.Content!.ReadAsStringAsync(cancellationToken)).Root!;
            var startsOn = DateTimeOffset.Parse(body.Element("Start")!.Value, CultureInfo.InvariantCulture);
            var expiresOn = DateTimeOffset.Parse(body.Element("Expiry")!.Value, CultureInfo.InvariantCulture);
            KeyRequests.Enqueue((startsOn, expiresOn));
            FirstRequest.TrySetResult();
            if (Hold is { } hold)
            {
                await hold.Task;
            }

            if (Refuse)
            {
                return Xml(HttpStatusCode.Forbidden, "<Error><Code>AuthorizationPermissionMismatch</Code><Message>no</Message></Error>", "AuthorizationPermissionMismatch");
            }

            var key = Convert.ToBase64String(Encoding.ASCII.GetBytes("0123456789abcdef0123456789abcdef"));
            return Xml(HttpStatusCode.OK,
                $"<UserDelegationKey><SignedOid>{ObjectId}</SignedOid><SignedTid>22222222-3333-4444-5555-666666666666</SignedTid>" +
                $"<SignedStart>{startsOn.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}</SignedStart><SignedExpiry>{expiresOn.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}</SignedExpiry>" +
                $"<SignedService>b</SignedService><SignedVersion>2025-01-05</SignedVersion><Value>{key}</Value></UserDelegationKey>",
                null);
        }

        private static HttpResponseMessage Xml(HttpStatusCode status, string body, string? errorCode)
        {
            var response = new HttpResponseMessage(status)
            {
                Content = new StringContent("<?xml version=\"1.0\" encoding=\"utf-8\"?>" + body, Encoding.UTF8, "application/xml"),
            };
            if (errorCode is not null)
            {
                response.Headers.Add("x-ms-error-code", errorCode);
            }

            return response;
        }
    }
}
