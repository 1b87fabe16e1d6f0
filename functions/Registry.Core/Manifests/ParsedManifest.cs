namespace Registry.Core.Manifests;

/// <summary>
/// A manifest as received: its exact bytes plus what the registry needs to know of them.
/// The bytes are never re-serialized; <see cref="Digest"/> is computed over them.
/// </summary>
public sealed record ParsedManifest(
    string MediaType,
    Digest Digest,
    ReadOnlyMemory<byte> Content,
    IReadOnlyList<Digest> Blobs,
    IReadOnlyList<Digest> Manifests,
    Digest? Subject,
    string? ArtifactType,
    IReadOnlyDictionary<string, string>? Annotations)
{
    public StoredManifest ToStored() =>
        new(Digest, MediaType, Content, Subject, ArtifactType, Annotations);
}
