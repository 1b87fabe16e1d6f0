using System.Globalization;
using System.Text;
using Registry.Core;
using Registry.Core.Storage;

namespace Registry.Storage.Azure;

/// <summary>
/// Everything the registry keeps in its one Azure Storage account, and the functions that produce
/// every name and key. Nothing else in the project spells a container, blob path, table or key.
/// <code>
/// Blob container "registry"
/// ├── auth/signing-key            Block blob: <see cref="SigningKeySize"/> random bytes, the key that signs and
/// │                               validates registry tokens when configuration gives none (local runs).
/// │                               Written once by the first instance that needs it (If-None-Match: *; 409/412 =
/// │                               another instance wrote it first: its key is read and used); every process
/// │                               caches it after its first read. Lives until an operator deletes it: that
/// │                               voids every token issued, and processes that cached it keep the old key
/// │                               until they restart.
/// ├── blobs/{uploadId}            Block blob: the bytes of ONE upload. Blocks are staged as bytes arrive,
/// │                               <see cref="BlockSize"/> each (the last block of a request may be shorter),
/// │                               block id = base64(ASCII "{nonce:8 hex}{index:D8}"), one random nonce per request.
/// │                               Uncommitted while the upload is open (invisible to every read); the block
/// │                               list is committed when the upload completes after its digest checked out
/// │                               (the digest comes from the upload's saved hash state: no byte is read back).
/// │                               It keeps its upload name forever: publishing copies nothing, the "blobs"
/// │                               table maps digest -> blob name. Lives until: forever once published
/// │                               (shared by every repository linking the digest); dropped (empty commit +
/// │                               delete) by cancel, by a digest mismatch, or when the digest was already held.
/// └── manifests/sha256/{hex}      Block blob: the exact bytes of a manifest too big to sit inline in its
///                                 table entity. Content-addressed and immutable; written before the entity
///                                 that names it; shared by every repository holding that manifest, so
///                                 never deleted by a request.
///
/// Table            PartitionKey                  RowKey            Properties
/// blobs            digest ("sha256:..")          ""                BlobName, Size
///                  The content index: which blob holds a digest. Inserted once (AddEntity; 409 = someone
///                  published the digest first: theirs is kept). Never deleted by a request.
/// repositoryblobs  repository key                digest            BlobName, Size
///                  Which repository sees which blob. Upserted by publish and mount; deleted by blob DELETE.
/// uploads          uploadId                      ""                Repository, Offset, Segments00..NN
///                                                                  ("nonce:blocks:length;..." split in
///                                                                  strings of at most 32,000 chars),
///                                                                  HashState? (binary, 45..108 bytes: the
///                                                                  SHA-256 state after bytes [0, Offset),
///                                                                  Registry.Core.Hashing.Sha256State), StartedAt
///                  One open upload; its ETag is UploadSession.Version (every save is If-Match). Deleted,
///                  If-Match, by the request that completes or cancels the upload: that conditional delete
///                  decides which request owns the staged bytes. Abandoned uploads stay (no sweeper yet;
///                  their uncommitted blocks expire after 7 days).
/// manifests        repository key                digest            MediaType, Size, Subject?, ArtifactType?,
///                                                                  Annotations? (JSON), DescriptorInContent?,
///                                                                  Content00..10 (binary, 64 KiB each) when
///                                                                  Size &lt;= 11 x 64 KiB, else SpillBlob
///                  Upserted by manifest PUT (spill blob first), deleted by manifest DELETE. When ArtifactType
///                  or Annotations are too big for an entity they are left out, DescriptorInContent = true,
///                  and readers take them from the manifest bytes.
/// referrers        "{repository key}|{subject}"  referrer digest   MediaType, Size, ArtifactType?,
///                                                                  Annotations? (JSON), DescriptorInContent?
///                  The referrers index. Upserted after its manifest; deleted before it.
/// tags             repository key                tag               Digest
///                  Upserted by manifest PUT by tag (last writer wins); deleted by tag DELETE or with the manifest.
/// repositories     "catalog"                     repository key    Name
///                  Upserted when a repository gets a blob or manifest. Never deleted.
/// credentials      "credential"                  credential name   SecretHash, Rules (JSON), CreatedAt,
///                                                                  ExpiresAt?, RevokedAt?
///                  Who may request tokens: SecretHash is SecretHasher's salted hash (never the secret),
///                  Rules is [{"repositories":"team/*","actions":["pull","push"]},..]. Names are
///                  [A-Za-z0-9._-]{1,64}, legal keys as they are. Inserted by Registry.Admin `credentials add`
///                  (AddEntity; 409 = name taken); RevokedAt merged in (If-Match, first revocation kept) by
///                  `credentials revoke`; read by the token endpoint. Never deleted: revoked and expired
///                  credentials stay as the record of who had access.
/// </code>
/// Repository keys come from <see cref="TableKeys"/>. Limits that shaped this:
/// https://learn.microsoft.com/azure/storage/blobs/scalability-targets and
/// https://learn.microsoft.com/rest/api/storageservices/understanding-the-table-service-data-model.
/// </summary>
public static class StorageLayout
{
    /// <summary>The one blob container.</summary>
    public const string ContainerName = "registry";

    /// <summary>Size of every staged block but the last of a request.</summary>
    public const int BlockSize = 4 * 1024 * 1024;

    /// <summary>Largest binary table property.</summary>
    public const int ManifestChunkSize = 64 * 1024;

    /// <summary>
    /// Most inline chunks of a manifest entity. The 1 MiB entity limit is checked against the JSON
    /// request body (Azurite does so), where binary is base64: 11 chunks of 64 KiB are 940 KiB of
    /// base64, leaving room for keys and the descriptor fields; 14 chunks would be 1.2 MiB.
    /// </summary>
    public const int MaxManifestChunks = 11;

    /// <summary>Largest manifest kept inline in its entity; bigger ones spill to a blob.</summary>
    public const int MaxInlineManifestSize = ManifestChunkSize * MaxManifestChunks;

    /// <summary>Longest ArtifactType kept in an entity (beyond it: DescriptorInContent).</summary>
    public const int MaxArtifactTypeLength = 1024;

    /// <summary>Longest Annotations JSON kept in an entity (beyond it: DescriptorInContent).</summary>
    public const int MaxAnnotationsLength = 16 * 1024;

    /// <summary>Longest string in one Segments property (a string property holds at most 32 Ki UTF-16 chars).</summary>
    public const int MaxSegmentsChunkLength = 32_000;

    /// <summary>PartitionKey of the repositories table.</summary>
    public const string CatalogPartition = "catalog";

    /// <summary>PartitionKey of the credentials table.</summary>
    public const string CredentialsPartition = "credential";

    /// <summary>The blob holding the token signing key.</summary>
    public const string SigningKeyBlobName = "auth/signing-key";

    /// <summary>Length of a generated signing key (HMAC-SHA256 wants at least 32 bytes; its block is 64).</summary>
    public const int SigningKeySize = 64;

    /// <summary>RowKey of the one-row partitions (blobs, uploads).</summary>
    public const string SingleRow = "";

    private const string UploadBlobPrefix = "blobs/";
    private const string ManifestBlobPrefix = "manifests/";

    /// <summary>The blob holding the bytes of an upload, then of the blob it published.</summary>
    public static string UploadBlobName(UploadId upload) => UploadBlobPrefix + upload.Value;

    /// <summary>The blob holding the bytes of a manifest too big for its entity.</summary>
    public static string ManifestBlobName(Digest digest) => $"{ManifestBlobPrefix}{digest.Algorithm}/{digest.Hex}";

    /// <summary>
    /// Block id number <paramref name="index"/> of the request staged under <paramref name="nonce"/>:
    /// base64 of the 16 ASCII characters <c>{nonce}{index:D8}</c>, so every id of a blob has the same length.
    /// </summary>
    public static string BlockId(string nonce, int index)
    {
        ArgumentNullException.ThrowIfNull(nonce);
        if (nonce.Length != 8)
        {
            throw new ArgumentException("a block nonce has 8 characters", nameof(nonce));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, 99_999_999);
        return Convert.ToBase64String(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{nonce}{index:D8}")));
    }

    /// <summary>The ids of every block of the segments, in order: the block list that publishes them.</summary>
    public static IEnumerable<string> BlockIds(IEnumerable<UploadSegment> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        foreach (var segment in segments)
        {
            for (var index = 0; index < segment.Blocks; index++)
            {
                yield return BlockId(segment.Nonce, index);
            }
        }
    }

    /// <summary>Key of a digest (blobs PartitionKey, RowKey of repositoryblobs, manifests, referrers).</summary>
    public static string DigestKey(Digest digest) => digest.ToString();

    /// <summary>PartitionKey of the referrers of <paramref name="subject"/> in a repository.</summary>
    public static string ReferrersPartition(RepositoryName repository, Digest subject) =>
        $"{TableKeys.FromRepository(repository)}|{DigestKey(subject)}";

    /// <summary>Name of inline manifest chunk <paramref name="index"/>.</summary>
    public static string ContentProperty(int index) => string.Create(CultureInfo.InvariantCulture, $"Content{index:D2}");

    /// <summary>Name of upload segment-list chunk <paramref name="index"/>.</summary>
    public static string SegmentsProperty(int index) => string.Create(CultureInfo.InvariantCulture, $"Segments{index:D2}");

    /// <summary>Table names.</summary>
    public static class Tables
    {
        public const string Blobs = "blobs";
        public const string RepositoryBlobs = "repositoryblobs";
        public const string Uploads = "uploads";
        public const string Manifests = "manifests";
        public const string Referrers = "referrers";
        public const string Tags = "tags";
        public const string Repositories = "repositories";
        public const string Credentials = "credentials";

        public static IReadOnlyList<string> All { get; } =
            [Blobs, RepositoryBlobs, Uploads, Manifests, Referrers, Tags, Repositories, Credentials];
    }

    /// <summary>Property names.</summary>
    public static class Properties
    {
        public const string BlobName = "BlobName";
        public const string Size = "Size";
        public const string Repository = "Repository";
        public const string Offset = "Offset";
        public const string HashState = "HashState";
        public const string StartedAt = "StartedAt";
        public const string MediaType = "MediaType";
        public const string Subject = "Subject";
        public const string ArtifactType = "ArtifactType";
        public const string Annotations = "Annotations";
        public const string DescriptorInContent = "DescriptorInContent";
        public const string SpillBlob = "SpillBlob";
        public const string Digest = "Digest";
        public const string Name = "Name";
        public const string SecretHash = "SecretHash";
        public const string Rules = "Rules";
        public const string CreatedAt = "CreatedAt";
        public const string ExpiresAt = "ExpiresAt";
        public const string RevokedAt = "RevokedAt";
    }
}
