using System.Text.RegularExpressions;

namespace Registry.Core;

/// <summary>
/// A tag: <c>[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}</c>.
/// See https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests.
/// </summary>
public sealed partial record Tag
{
    private Tag(string value) => Value = value;

    public string Value { get; }

    [GeneratedRegex("^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static Tag Parse(string value) =>
        TryParse(value, out var tag, out var reason) ? tag : throw new FormatException(reason);

    public static bool TryParse(string? value, out Tag tag, out string? reason)
    {
        tag = null!;
        if (string.IsNullOrEmpty(value) || !Pattern().IsMatch(value))
        {
            reason = "tag must match [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}";
            return false;
        }

        tag = new Tag(value);
        reason = null;
        return true;
    }

    public override string ToString() => Value;
}
