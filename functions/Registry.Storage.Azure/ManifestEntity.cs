using System.Text.Json;
using Azure.Data.Tables;
using Registry.Core;
using Registry.Core.Manifests;
using static Registry.Storage.Azure.StorageLayout;

namespace Registry.Storage.Azure;

/// <summary>
/// A manifest as a row of the <c>manifests</c> table and its descriptor as a row of
/// <c>referrers</c> (see <see cref="StorageLayout"/>).
/// </summary>
internal static class ManifestEntity
{
    /// <summary>Whether the bytes sit inline in the entity (else in the spill blob).</summary>
    public static bool IsInline(StoredManifest manifest) => manifest.Content.Length <= MaxInlineManifestSize;

    public static TableEntity From(RepositoryName repository, StoredManifest manifest)
    {
        var entity = WithDescriptor(new TableEntity(TableKeys.FromRepository(repository), DigestKey(manifest.Digest)), manifest);
        if (manifest.Subject is { } subject)
        {
            entity[Properties.Subject] = DigestKey(subject);
        }

        if (!IsInline(manifest))
        {
            entity[Properties.SpillBlob] = ManifestBlobName(manifest.Digest);
            return entity;
        }

        for (int start = 0, index = 0; start < manifest.Content.Length; start += ManifestChunkSize, index++)
        {
            entity[ContentProperty(index)] = new BinaryData(manifest.Content.Slice(start, Math.Min(ManifestChunkSize, manifest.Content.Length - start)));
        }

        return entity;
    }

    public static TableEntity Referrer(RepositoryName repository, Digest subject, StoredManifest manifest) =>
        WithDescriptor(new TableEntity(ReferrersPartition(repository, subject), DigestKey(manifest.Digest)), manifest);

    public static Digest? Subject(TableEntity entity) =>
        entity.GetString(Properties.Subject) is { } subject ? Digest.Parse(subject) : null;

    public static string? SpillBlob(TableEntity entity) => entity.GetString(Properties.SpillBlob);

    /// <summary>Reassembles the inline chunks.</summary>
    public static byte[] InlineContent(TableEntity entity)
    {
        var content = new byte[checked((int)Size(entity))];
        var written = 0;
        for (var index = 0; entity.GetBinaryData(ContentProperty(index)) is { } chunk; index++)
        {
            chunk.ToMemory().Span.CopyTo(content.AsSpan(written));
            written += chunk.ToMemory().Length;
        }

        return written == content.Length
            ? content
            : throw new InvalidDataException($"manifest {entity.RowKey} has {written} inline bytes, not {content.Length}");
    }

    public static StoredManifest ToManifest(TableEntity entity, Digest digest, ReadOnlyMemory<byte> content)
    {
        var mediaType = MediaType(entity);
        if (entity.GetBoolean(Properties.DescriptorInContent) == true)
        {
            var parsed = Parse(content, mediaType, digest);
            return new StoredManifest(digest, mediaType, content, parsed.Subject, parsed.ArtifactType, parsed.Annotations);
        }

        return new StoredManifest(digest, mediaType, content, Subject(entity), entity.GetString(Properties.ArtifactType), Annotations(entity));
    }

    /// <summary>The descriptor of a referrers row; null when it must be read from the manifest (DescriptorInContent).</summary>
    public static Descriptor? ToDescriptor(TableEntity entity) =>
        entity.GetBoolean(Properties.DescriptorInContent) == true
            ? null
            : new Descriptor(MediaType(entity), Digest.Parse(entity.RowKey), Size(entity), entity.GetString(Properties.ArtifactType), Annotations(entity));

    private static TableEntity WithDescriptor(TableEntity entity, StoredManifest manifest)
    {
        entity[Properties.MediaType] = manifest.MediaType;
        entity[Properties.Size] = manifest.Size;
        var annotations = manifest.Annotations is null ? null : JsonSerializer.Serialize(manifest.Annotations);
        if ((manifest.ArtifactType?.Length ?? 0) > MaxArtifactTypeLength || (annotations?.Length ?? 0) > MaxAnnotationsLength)
        {
            // Too big for an entity next to 11 content chunks: the bytes hold them.
            entity[Properties.DescriptorInContent] = true;
            return entity;
        }

        if (manifest.ArtifactType is { } artifactType)
        {
            entity[Properties.ArtifactType] = artifactType;
        }

        if (annotations is not null)
        {
            entity[Properties.Annotations] = annotations;
        }

        return entity;
    }

    private static string MediaType(TableEntity entity) =>
        entity.GetString(Properties.MediaType) ?? throw new InvalidDataException($"manifest {entity.RowKey} has no MediaType");

    private static long Size(TableEntity entity) =>
        entity.GetInt64(Properties.Size) ?? throw new InvalidDataException($"manifest {entity.RowKey} has no Size");

    private static Dictionary<string, string>? Annotations(TableEntity entity) =>
        entity.GetString(Properties.Annotations) is { } json ? JsonSerializer.Deserialize<Dictionary<string, string>>(json) : null;

    private static ParsedManifest Parse(ReadOnlyMemory<byte> content, string mediaType, Digest digest) =>
        ManifestParser.Parse(content, mediaType).Value
            ?? throw new InvalidDataException($"stored manifest {digest} no longer parses");
}
