namespace Registry.Http.Access;

/// <summary>
/// The actions of Docker's token scopes (<c>repository:name:pull,push</c>).
/// See https://distribution.github.io/distribution/spec/auth/scope/.
/// </summary>
public static class RegistryAction
{
    public const string Pull = "pull";
    public const string Push = "push";
    public const string Delete = "delete";
    public const string All = "*";
}
