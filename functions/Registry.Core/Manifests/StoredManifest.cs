namespace Registry.Core.Manifests;

/// <summary>
/// A manifest as the store keeps it: the exact bytes, their media type, and the fields the
/// referrers API reports (see https://github.com/opencontainers/distribution-spec/blob/main/spec.md#listing-referrers).
/// </summary>
public sealed record StoredManifest(
    Digest Digest,
    string MediaType,
    ReadOnlyMemory<byte> Content,
    Digest? Subject,
    string? ArtifactType,
    IReadOnlyDictionary<string, string>? Annotations)
{
    public long Size => Content.Length;

    public Descriptor ToDescriptor() => new(MediaType, Digest, Size, ArtifactType, Annotations);
}
