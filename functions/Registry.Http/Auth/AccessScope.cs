namespace Registry.Http.Auth;

/// <summary>
/// A token scope <c>type:name:action[,action]</c>, as requested from the token endpoint and
/// carried in the token's <c>access</c> claim.
/// See https://distribution.github.io/distribution/spec/auth/scope/.
/// </summary>
public sealed record AccessScope(string Type, string Name, IReadOnlyList<string> Actions)
{
    /// <summary>Parses a scope; the name may contain ':' only in theory, so type is before the first and actions after the last.</summary>
    public static bool TryParse(string? value, out AccessScope scope)
    {
        scope = null!;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var first = value.IndexOf(':', StringComparison.Ordinal);
        var last = value.LastIndexOf(':');
        if (first <= 0 || last <= first + 1 || last == value.Length - 1)
        {
            return false;
        }

        var type = value[..first];
        var paren = type.IndexOf('(', StringComparison.Ordinal);
        scope = new AccessScope(
            paren > 0 ? type[..paren] : type,
            value[(first + 1)..last],
            value[(last + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return true;
    }

    public override string ToString() => $"{Type}:{Name}:{string.Join(',', Actions)}";
}
