using System.Net;

namespace Registry.Http.Tests.Auth;

/// <summary>
/// On Azure a Key Vault reference the platform cannot resolve reaches the app as its own (public)
/// text: it must not work as the admin password, nor as a signing key.
/// </summary>
public sealed class UnresolvedSecretTests : AuthTestBase
{
    private const string Reference = "@Microsoft.KeyVault(VaultName=kv-registry;SecretName=admin-password)";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Registry:Auth:AdminPassword"] = Reference,
        ["Registry:Auth:SigningKey"] = "@Microsoft.KeyVault(VaultName=kv-registry;SecretName=signing-key)",
    };

    [Fact]
    public async Task Admin_WithTheReferenceTextAsPassword_IsRefused()
    {
        using var response = await GetTokenResponseAsync(AdminUser, Reference, "repository:any/repo:pull");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Token_SigningKeyUnresolved_NoTokenIsSigned()
    {
        var secret = await AddCredentialAsync("reader", "any/*", "pull");

        // The test server hands the host's unhandled exception to the caller (a real host answers 500).
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => GetTokenResponseAsync("reader", secret, "repository:any/repo:pull"));

        Assert.Contains("Registry:Auth:SigningKey is a Key Vault reference", error.Message, StringComparison.Ordinal);
    }
}
