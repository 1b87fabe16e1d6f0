using System.Collections.Concurrent;
using Registry.Core.Manifests;

namespace Registry.Core.Storage.InMemory;

/// <summary>
/// All registry state in process memory, for unit tests of the core rules and the HTTP flows.
/// One instance backs every in-memory port, as one storage account backs the Azure ones.
/// </summary>
public sealed class InMemoryStorage
{
    internal ConcurrentDictionary<Digest, byte[]> Blobs { get; } = new();

    internal ConcurrentDictionary<(string Repository, Digest Digest), long> Links { get; } = new();

    internal ConcurrentDictionary<UploadId, InMemoryUpload> Uploads { get; } = new();

    internal ConcurrentDictionary<(string Repository, Digest Digest), StoredManifest> Manifests { get; } = new();

    internal ConcurrentDictionary<(string Repository, string Tag), Digest> Tags { get; } = new();

    internal ConcurrentDictionary<string, RepositoryName> Repositories { get; } = new();

    /// <summary>Number of blobs held, whatever repositories link them (to show deduplication).</summary>
    public int BlobCount => Blobs.Count;

    internal sealed class InMemoryUpload(UploadSession session)
    {
        public UploadSession Session { get; set; } = session;

        public ConcurrentDictionary<string, byte[]> Staged { get; } = new();

        public Lock Gate { get; } = new();
    }
}
