namespace Registry.Core.Auth;

/// <summary>
/// One rule of a credential, like a line of an ACR scope map: repositories matching
/// <see cref="RepositoryPattern"/> allow <see cref="Actions"/> (pull, push, delete).
/// The pattern is a glob where <c>*</c> matches any run of characters, '/' included:
/// <c>*</c> is every repository, <c>team/*</c> everything under <c>team/</c>.
/// </summary>
public sealed record AccessRule(string RepositoryPattern, IReadOnlyList<string> Actions)
{
    public static readonly IReadOnlyList<string> KnownActions = ["pull", "push", "delete"];

    public bool Matches(string repository) => Glob.IsMatch(RepositoryPattern, repository);

    public bool Allows(string repository, string action) => Matches(repository) && Actions.Contains(action);

    /// <summary>Parses <c>pattern</c> + <c>pull,push</c>; <paramref name="reason"/> names the rule that failed.</summary>
    public static bool TryCreate(string pattern, string actions, out AccessRule rule, out string? reason)
    {
        rule = null!;
        var list = actions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        if (string.IsNullOrWhiteSpace(pattern) || pattern.Any(c => c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or '-' or '/' or '*')))
        {
            reason = "a repository pattern uses lower-case name characters and '*'";
            return false;
        }

        if (list.Count == 0 || list.Any(a => !KnownActions.Contains(a)))
        {
            reason = "actions are a comma-separated list of pull, push, delete";
            return false;
        }

        rule = new AccessRule(pattern, list);
        reason = null;
        return true;
    }
}
