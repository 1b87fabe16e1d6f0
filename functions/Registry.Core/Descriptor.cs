namespace Registry.Core;

/// <summary>
/// A content descriptor as used in the referrers response.
/// See https://github.com/opencontainers/image-spec/blob/main/descriptor.md.
/// </summary>
public sealed record Descriptor(
    string MediaType,
    Digest Digest,
    long Size,
    string? ArtifactType = null,
    IReadOnlyDictionary<string, string>? Annotations = null);
