namespace Registry.Http.Auth;

/// <summary>
/// Secret settings on Azure come from Key Vault references. When the platform cannot resolve one
/// (the app's identity lacks the role yet, the secret is missing) it hands the app the reference text
/// itself, which is public: such a value must never work as a password or a key.
/// See https://learn.microsoft.com/azure/app-service/app-service-key-vault-references.
/// </summary>
public static class SecretSetting
{
    public static bool IsUnresolvedReference(string? value) =>
        value is not null && value.TrimStart().StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase);
}
