using System.Text.RegularExpressions;

namespace Registry.Core;

/// <summary>
/// A repository name (the spec's <c>&lt;name&gt;</c>): path components of lower-case
/// alphanumerics joined by separators, at most 255 characters.
/// See https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests.
/// </summary>
public sealed partial record RepositoryName : IComparable<RepositoryName>
{
    public const int MaxLength = 255;

    private RepositoryName(string value) => Value = value;

    public string Value { get; }

    [GeneratedRegex("^[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static RepositoryName Parse(string value) =>
        TryParse(value, out var name, out var reason) ? name : throw new FormatException(reason);

    public static bool TryParse(string? value, out RepositoryName name, out string? reason)
    {
        name = null!;
        if (string.IsNullOrEmpty(value))
        {
            reason = "repository name is empty";
            return false;
        }

        if (value.Length > MaxLength)
        {
            reason = $"repository name is longer than {MaxLength} characters";
            return false;
        }

        if (!Pattern().IsMatch(value))
        {
            reason = "repository name must match [a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(\\/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*";
            return false;
        }

        name = new RepositoryName(value);
        reason = null;
        return true;
    }

    /// <summary>
    /// Catalog order: ordinal, with '/' below every other character, so names sort path segment
    /// by segment (<c>a/b</c> before <c>a-b</c>), as a walk of the reference registry's tree lists them.
    /// </summary>
    public int CompareTo(RepositoryName? other) => Compare(Value, other?.Value);

    /// <inheritdoc cref="CompareTo(RepositoryName?)"/>
    public static int Compare(string? left, string? right)
    {
        if (left is null || right is null)
        {
            return left is null ? (right is null ? 0 : -1) : 1;
        }

        var length = Math.Min(left.Length, right.Length);
        for (var i = 0; i < length; i++)
        {
            var a = left[i] == '/' ? '\0' : left[i];
            var b = right[i] == '/' ? '\0' : right[i];
            if (a != b)
            {
                return a.CompareTo(b);
            }
        }

        return left.Length.CompareTo(right.Length);
    }

    public static bool operator <(RepositoryName left, RepositoryName right) => Compare(left?.Value, right?.Value) < 0;

    public static bool operator <=(RepositoryName left, RepositoryName right) => Compare(left?.Value, right?.Value) <= 0;

    public static bool operator >(RepositoryName left, RepositoryName right) => Compare(left?.Value, right?.Value) > 0;

    public static bool operator >=(RepositoryName left, RepositoryName right) => Compare(left?.Value, right?.Value) >= 0;

    public override string ToString() => Value;
}
