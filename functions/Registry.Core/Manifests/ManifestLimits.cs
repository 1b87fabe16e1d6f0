namespace Registry.Core.Manifests;

public static class ManifestLimits
{
    /// <summary>
    /// The largest manifest accepted: the spec says registries SHOULD accept at least 4 MiB.
    /// See https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pushing-manifests.
    /// </summary>
    public const int MaxSize = 4 * 1024 * 1024;
}
