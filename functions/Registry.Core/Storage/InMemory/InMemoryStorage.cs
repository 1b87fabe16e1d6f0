using System.Collections.Concurrent;
using System.Security.Cryptography;
using Registry.Core.Auth;
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

    internal ConcurrentDictionary<string, Credential> Credentials { get; } = new(StringComparer.Ordinal);

    /// <summary>The token signing key: 64 random bytes, made on first use.</summary>
    internal Lazy<byte[]> SigningKey { get; } = new(() => RandomNumberGenerator.GetBytes(64));

    /// <summary>Number of blobs held, whatever repositories link them (to show deduplication).</summary>
    public int BlobCount => Blobs.Count;

    internal sealed class InMemoryUpload(UploadSession session)
    {
        public UploadSession Session { get; set; } = session;

        public ConcurrentDictionary<string, byte[]> Staged { get; } = new();

        public Lock Gate { get; } = new();
    }
}
