using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Registry.Core.Auth;
using Registry.Core.Storage;

namespace Registry.Http.Auth;

/// <summary>Turns a name and secret (or a refresh token's subject, or nothing) into an identity.</summary>
public sealed class IdentityService
{
    private readonly ICredentialStore credentials;
    private readonly TimeProvider time;

    /// <summary>The bootstrap administrator's name, or null when there is none (or its password is unusable).</summary>
    private readonly string? adminUser;
    private readonly string? adminPassword;

    public IdentityService(IOptions<AuthOptions> options, ICredentialStore credentials, TimeProvider time, ILogger<IdentityService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.credentials = credentials;
        this.time = time;
        var settings = options.Value;
        Anonymous = new RegistryIdentity.Anonymous(
            (settings.AnonymousPull ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (SecretSetting.IsUnresolvedReference(settings.AdminPassword))
        {
            logger.LogWarning(
                "Registry:Auth:AdminPassword is a Key Vault reference the platform could not resolve; the administrator is off " +
                "until it resolves (grant the app's identity Key Vault Secrets User on the vault and check the secret exists)");
        }
        else if (settings.AdminUser is { Length: > 0 } user && settings.AdminPassword is { Length: > 0 } password)
        {
            (adminUser, adminPassword) = (user, password);
        }
    }

    public RegistryIdentity Anonymous { get; }

    /// <summary>The identity whose secret this is; null when the name is unknown, the secret wrong, or the credential not active.</summary>
    public async Task<RegistryIdentity?> AuthenticateAsync(string name, string secret, CancellationToken cancellationToken)
    {
        if (adminUser is not null && adminPassword is not null
            && FixedTimeEquals(name, adminUser) & FixedTimeEquals(secret, adminPassword))
        {
            return new RegistryIdentity.Administrator(adminUser);
        }

        if (!Credential.IsValidName(name) || await credentials.GetAsync(name, cancellationToken) is not { } credential)
        {
            // Spend the same time as a real check, so timing does not tell which names exist.
            SecretHasher.Verify(secret, DummyHash);
            return null;
        }

        return SecretHasher.Verify(secret, credential.SecretHash) && credential.IsActive(time.GetUtcNow())
            ? new RegistryIdentity.StoredCredential(credential)
            : null;
    }

    /// <summary>The identity a refresh token was issued to, if it may still get tokens (not revoked, not expired).</summary>
    public async Task<RegistryIdentity?> ResumeAsync(string subject, CancellationToken cancellationToken)
    {
        if (adminUser is not null && subject == adminUser)
        {
            return new RegistryIdentity.Administrator(adminUser);
        }

        return Credential.IsValidName(subject) && await credentials.GetAsync(subject, cancellationToken) is { } credential && credential.IsActive(time.GetUtcNow())
            ? new RegistryIdentity.StoredCredential(credential)
            : null;
    }

    private static readonly string DummyHash = SecretHasher.Hash(Guid.NewGuid().ToString());

    /// <summary>Constant-time comparison that also hides the length of the expected value.</summary>
    private static bool FixedTimeEquals(string actual, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(actual)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
