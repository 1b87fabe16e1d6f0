using Registry.Core;

namespace Registry.Storage.Azure;

/// <summary>
/// The one mapping between repository names and table keys.
/// Table keys may not contain <c>/ \ # ?</c> or control characters and are at most 1 KiB
/// (https://learn.microsoft.com/rest/api/storageservices/understanding-the-table-service-data-model#characters-disallowed-in-key-fields).
/// A repository name is <c>[a-z0-9._-]</c> path components joined by <c>/</c>, so the key swaps
/// <c>/</c> for <c>!</c>: legal in keys, never in a name, and below every name character, so the
/// table's ordinal key order equals <see cref="RepositoryName.Compare(string?, string?)"/>
/// (path segment by segment: <c>a/b</c> before <c>a-b</c> before <c>a0</c>).
/// </summary>
public static class TableKeys
{
    /// <summary>Stands for <c>/</c> in a repository key.</summary>
    public const char PathSeparator = '!';

    /// <summary>The key of a repository: its name with <c>/</c> replaced by <c>!</c>.</summary>
    public static string FromRepository(RepositoryName repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return FromRepositoryName(repository.Value);
    }

    /// <summary>The repository a key stands for; throws <see cref="FormatException"/> for a key that is not one.</summary>
    public static RepositoryName ToRepository(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Contains('/', StringComparison.Ordinal)
            ? throw new FormatException($"'{key}' is not a repository key: keys cannot contain '/'")
            : RepositoryName.Parse(key.Replace(PathSeparator, '/'));
    }

    /// <summary>
    /// The key form of any string that may stand where a repository name does (a client's
    /// <c>last</c> parameter), so that comparing keys compares names.
    /// </summary>
    internal static string FromRepositoryName(string name) => name.Replace('/', PathSeparator);
}
