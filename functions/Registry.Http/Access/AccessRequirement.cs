namespace Registry.Http.Access;

/// <summary>
/// One access a request needs, in Docker scope terms: resource type (<c>repository</c> or
/// <c>registry</c>), resource name and action. Rendered as a scope <c>type:name:action</c>.
/// </summary>
public sealed record AccessRequirement(string Type, string Name, string Action)
{
    public const string RepositoryType = "repository";
    public const string RegistryType = "registry";

    public static AccessRequirement Repository(Core.RepositoryName name, string action) => new(RepositoryType, name.Value, action);

    public static AccessRequirement Catalog { get; } = new(RegistryType, "catalog", RegistryAction.All);

    public override string ToString() => $"{Type}:{Name}:{Action}";
}
