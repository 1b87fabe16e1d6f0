using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Registry.EndToEnd.Tests;

/// <summary>
/// A pass-through proxy in front of Azurite's blob endpoint, which the registry under test uses as
/// its blob endpoint, so the SAS URLs of its blob redirects point here. It forwards every request
/// and records each one that carries a SAS signature (<c>sig=</c>): the client (User-Agent) and
/// whether it also carried an <c>Authorization</c> header. Such a request is REFUSED (403), because
/// a client that forwards the registry's bearer token to storage leaks it to another host; Azurite
/// itself ignores the header (checked with curl), so without this guard a leak would pass unseen.
/// </summary>
public sealed class StorageGuard : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account (public, documented: not a secret).</summary>
    private const string DevelopmentAccount = "devstoreaccount1";
    private const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer", "Host",
    };

    private readonly WebApplication app;
    private readonly HttpClient upstream;
    private readonly Uri target;
    private readonly ConcurrentQueue<SasRequest> requests = new();

    private StorageGuard(WebApplication app, HttpClient upstream, Uri target, int port)
    {
        this.app = app;
        this.upstream = upstream;
        this.target = target;
        Authority = $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>host:port of the guard: the host of every blob redirect.</summary>
    public string Authority { get; }

    /// <summary>
    /// A connection string for Azurite's development account whose blob endpoint is this guard
    /// (tables and queues direct).
    /// </summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={DevelopmentAccount};AccountKey={DevelopmentKey};" +
        $"BlobEndpoint=http://{Authority}/{DevelopmentAccount};" +
        $"QueueEndpoint=http://127.0.0.1:10001/{DevelopmentAccount};TableEndpoint=http://127.0.0.1:10002/{DevelopmentAccount};";

    /// <summary>The SAS requests seen since the last <see cref="Clear"/>, in order.</summary>
    public IReadOnlyList<SasRequest> SasRequests => [.. requests];

    public void Clear() => requests.Clear();

    /// <summary>True when the tests' storage is the local emulator, which the guard can front.</summary>
    public static bool CanGuard(string storage) =>
        string.Equals(storage.Trim().TrimEnd(';'), "UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Starts the guard on a free loopback port in front of Azurite's blob endpoint (127.0.0.1:10000).</summary>
    public static async Task<StorageGuard> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        var upstream = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        })
        { Timeout = Timeout.InfiniteTimeSpan };
        StorageGuard? guard = null;
        app.Run(context => guard!.ForwardAsync(context));
        await app.StartAsync();
        var address = new Uri(app.Urls.Single());
        guard = new StorageGuard(app, upstream, new Uri("http://127.0.0.1:10000"), address.Port);
        return guard;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        upstream.Dispose();
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Query.ContainsKey("sig"))
        {
            var authorization = request.Headers.Authorization.ToString();
            var seen = new SasRequest(
                request.Method,
                request.Path.Value ?? "",
                request.Headers.UserAgent.ToString(),
                authorization.Length == 0 ? null : authorization.Split(' ')[0]);
            requests.Enqueue(seen);
            if (seen.AuthorizationScheme is not null)
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                context.Response.ContentType = "application/xml";
                await context.Response.WriteAsync(
                    "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>AuthorizationHeaderWithSas</Code>" +
                    "<Message>StorageGuard: this request carries a SAS and an Authorization header: the client forwarded the registry's credentials to storage.</Message></Error>",
                    context.RequestAborted);
                return;
            }
        }

        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(target, request.Path.Value + request.QueryString.Value));
        var hasBody = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
        if (hasBody)
        {
            forward.Content = new StreamContent(request.Body);
        }

        foreach (var (name, values) in request.Headers)
        {
            if (HopByHop.Contains(name))
            {
                continue;
            }

            if (!forward.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values) && forward.Content is not null)
            {
                forward.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        using var response = await upstream.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopByHop.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        if (!HttpMethods.IsHead(request.Method))
        {
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
    }

    /// <summary>A request with a SAS signature: who sent it, and the scheme of its Authorization header if it had one.</summary>
    public sealed record SasRequest(string Method, string Path, string UserAgent, string? AuthorizationScheme);
}
