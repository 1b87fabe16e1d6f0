namespace Registry.Core.Auth;

/// <summary>
/// A stored credential (like an ACR token): a name, the salted slow hash of its secret (never the
/// secret), its rules, and when it expires or was revoked.
/// </summary>
public sealed record Credential(
    string Name,
    string SecretHash,
    IReadOnlyList<AccessRule> Rules,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt)
{
    /// <summary>Names: 1-64 of letters, digits, '.', '_', '-'.</summary>
    public static bool IsValidName(string? name) =>
        name is { Length: > 0 and <= 64 } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    /// <summary>Usable now: not revoked and not expired.</summary>
    public bool IsActive(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);

    public bool Allows(string repository, string action) => Rules.Any(rule => rule.Allows(repository, action));
}
