using System.Net;

namespace Registry.Http.Tests.Infrastructure;

/// <summary>
/// Follows a <c>307</c> to another host (a blob's storage URL) as registry clients do: a new request
/// with the same method and Range, from a real HttpClient, WITHOUT the registry's Authorization
/// header. (The test server's own client cannot leave the process, so it would not follow.)
/// </summary>
public sealed class StorageRedirectFollower(HttpMessageHandler registry) : DelegatingHandler(registry)
{
    private static readonly HttpClient Storage = new(new SocketsHttpHandler { AllowAutoRedirect = false });

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.TemporaryRedirect
            || response.Headers.Location is not { IsAbsoluteUri: true } location
            || location.Authority == request.RequestUri!.Authority)
        {
            return response;
        }

        response.Dispose();
        using var follow = new HttpRequestMessage(request.Method, location);
        follow.Headers.Range = request.Headers.Range;
        return await Storage.SendAsync(follow, cancellationToken);
    }
}
