using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Registry.Core.Storage;

namespace Registry.Http.Auth;

/// <summary>
/// The HMAC keys that sign and validate tokens: the configured key (or, when none is configured, one
/// generated once and kept in storage) signs; it and the optional previous key validate, so a key can
/// be rotated without failing tokens already handed out. Each key's <c>kid</c> is derived from it.
/// </summary>
public sealed class SigningKeys(IOptions<AuthOptions> options, ISigningKeyStore store)
{
    private const int MinimumKeyBytes = 32;
    private readonly Lazy<Task<(SymmetricSecurityKey Current, IReadOnlyList<SecurityKey> All)>> keys = new(() => LoadAsync(options.Value, store));

    public async Task<SymmetricSecurityKey> CurrentAsync() => (await keys.Value).Current;

    public async Task<IReadOnlyList<SecurityKey>> ValidationKeysAsync() => (await keys.Value).All;

    private static async Task<(SymmetricSecurityKey, IReadOnlyList<SecurityKey>)> LoadAsync(AuthOptions options, ISigningKeyStore store)
    {
        var current = Key(options.SigningKey is { Length: > 0 } configured
            ? Decode(configured, nameof(AuthOptions.SigningKey))
            : await store.GetOrCreateAsync(CancellationToken.None));
        List<SecurityKey> all = [current];
        if (options.PreviousSigningKey is { Length: > 0 } previous)
        {
            all.Add(Key(Decode(previous, nameof(AuthOptions.PreviousSigningKey))));
        }

        return (current, all);
    }

    private static byte[] Decode(string base64, string setting)
    {
        if (SecretSetting.IsUnresolvedReference(base64))
        {
            throw new InvalidOperationException(
                $"Registry:Auth:{setting} is a Key Vault reference the platform could not resolve: grant the app's identity " +
                "Key Vault Secrets User on the vault and check the secret exists; no token is signed until then");
        }

        var bytes = Convert.FromBase64String(base64);
        return bytes.Length >= MinimumKeyBytes
            ? bytes
            : throw new InvalidOperationException($"Registry:Auth:{setting} must be base64 of at least {MinimumKeyBytes} bytes");
    }

    private static SymmetricSecurityKey Key(byte[] bytes) =>
        new(bytes) { KeyId = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] };
}
