namespace Registry.Core.Storage;

/// <summary>A blob the registry holds: its digest and length in bytes.</summary>
public sealed record BlobInfo(Digest Digest, long Size);
