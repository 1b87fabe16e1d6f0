namespace Registry.Core;

/// <summary>
/// The spec's <c>&lt;reference&gt;</c> in a manifest URL: a tag or a digest.
/// </summary>
public readonly record struct Reference
{
    private Reference(Tag? tag, Digest? digest)
    {
        Tag = tag;
        Digest = digest;
    }

    public Tag? Tag { get; }

    public Digest? Digest { get; }

    public bool IsDigest => Digest is not null;

    public static Reference Of(Tag tag) => new(tag, null);

    public static Reference Of(Digest digest) => new(null, digest);

    /// <summary>A reference containing ':' is a digest, anything else must be a tag.</summary>
    public static bool TryParse(string? value, out Reference reference, out string? reason)
    {
        reference = default;
        if (value is not null && value.Contains(':', StringComparison.Ordinal))
        {
            if (!Core.Digest.TryParse(value, out var digest, out reason))
            {
                return false;
            }

            reference = Of(digest);
            return true;
        }

        if (!Core.Tag.TryParse(value, out var tag, out reason))
        {
            return false;
        }

        reference = Of(tag);
        return true;
    }

    public override string ToString() => Digest?.ToString() ?? Tag?.Value ?? string.Empty;
}
