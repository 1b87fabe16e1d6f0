using Registry.Core.Auth;
using Registry.Http.Access;

namespace Registry.Http.Auth;

/// <summary>Who asks for a token, and what they may do: the administrator, a stored credential, or anyone.</summary>
public abstract record RegistryIdentity(string Subject)
{
    /// <summary>Whether this identity may perform <paramref name="action"/> on the resource.</summary>
    public abstract bool Allows(string type, string name, string action);

    /// <summary>
    /// Splits the requested scopes into the part this identity holds (the token grants only that) and
    /// the part it asked for but does not hold (recorded so the registry can answer 403, not 401).
    /// </summary>
    public AccessDecision Decide(IEnumerable<AccessScope> requested)
    {
        var scopes = requested.ToList();
        return new AccessDecision(Filter(scopes, allowed: true), Filter(scopes, allowed: false));
    }

    private List<AccessScope> Filter(List<AccessScope> scopes, bool allowed) =>
        scopes
            .Select(scope => scope with { Actions = scope.Actions.Where(action => Allows(scope.Type, scope.Name, action) == allowed).Distinct().ToList() })
            .Where(scope => scope.Actions.Count > 0)
            .ToList();

    public sealed record Administrator(string Name) : RegistryIdentity(Name)
    {
        public override bool Allows(string type, string name, string action) =>
            type is AccessRequirement.RepositoryType or AccessRequirement.RegistryType;
    }

    /// <summary>A credential's rules; one with a rule on every repository (<c>*</c>) may also list the catalog.</summary>
    public sealed record StoredCredential(Credential Credential) : RegistryIdentity(Credential.Name)
    {
        public override bool Allows(string type, string name, string action) => type switch
        {
            AccessRequirement.RepositoryType => Credential.Allows(name, action),
            AccessRequirement.RegistryType => name == "catalog" && Credential.Rules.Any(rule => rule.RepositoryPattern == "*" && rule.Actions.Contains(RegistryAction.Pull)),
            _ => false,
        };
    }

    /// <summary>No credentials: pull on the repositories that allow anonymous pull, nothing else.</summary>
    public sealed record Anonymous(IReadOnlyList<string> PullPatterns) : RegistryIdentity(string.Empty)
    {
        public override bool Allows(string type, string name, string action) =>
            type == AccessRequirement.RepositoryType && action == RegistryAction.Pull && PullPatterns.Any(pattern => Glob.IsMatch(pattern, name));
    }
}

/// <summary>What a token request gets: the granted scopes, and the requested ones it was refused.</summary>
public sealed record AccessDecision(IReadOnlyList<AccessScope> Granted, IReadOnlyList<AccessScope> Denied);
