using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Registry.Tests.Shared;

/// <summary>
/// Records, in the order sent, every storage request of the clients built with <see cref="BlobPolicy"/>
/// and <see cref="TablePolicy"/>: <c>"{METHOD} blob[ comp=..][ COPY]"</c> for blob requests and
/// <c>"{METHOD} {table}"</c> for table requests. Shared (as a linked source file) by the test
/// projects that count storage requests.
/// </summary>
internal sealed class StorageRequestLog
{
    private readonly ConcurrentQueue<string> requests = new();

    public StorageRequestLog()
    {
        BlobPolicy = new Recorder(this, blob: true);
        TablePolicy = new Recorder(this, blob: false);
    }

    public HttpPipelinePolicy BlobPolicy { get; }

    public HttpPipelinePolicy TablePolicy { get; }

    public IReadOnlyList<string> Requests => [.. requests];

    public void Clear() => requests.Clear();

    /// <summary>The requests recorded since the last call (or <see cref="Clear"/>), removing them.</summary>
    public List<string> Take()
    {
        var taken = new List<string>();
        while (requests.TryDequeue(out var request))
        {
            taken.Add(request);
        }

        return taken;
    }

    /// <summary>Records a request the SDK clients did not send (a client following a redirect to storage, say).</summary>
    public void Add(string request) => requests.Enqueue(request);

    private static string Describe(Request request, bool blob)
    {
        if (!blob)
        {
            var table = request.Uri.ToUri().Segments[^1].Split('(')[0].TrimEnd('/');
            return $"{request.Method} {table}";
        }

        var comp = request.Uri.Query.TrimStart('?').Split('&').FirstOrDefault(p => p.StartsWith("comp=", StringComparison.Ordinal));
        var copy = request.Headers.TryGetValue("x-ms-copy-source", out _) ? " COPY" : string.Empty;
        return $"{request.Method} blob{(comp is null ? string.Empty : " " + comp)}{copy}";
    }

    private sealed class Recorder(StorageRequestLog log, bool blob) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message) => log.requests.Enqueue(Describe(message.Request, blob));
    }
}
