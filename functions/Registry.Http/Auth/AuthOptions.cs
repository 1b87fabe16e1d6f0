namespace Registry.Http.Auth;

/// <summary>
/// Settings of the <c>Registry:Auth</c> section (environment: <c>Registry__Auth__AdminUser</c> ...).
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Registry:Auth";

    /// <summary>Authentication on (the default) or off (every request allowed; only for closed networks).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Bootstrap administrator: every action on every repository, and the catalog.</summary>
    public string? AdminUser { get; set; }

    public string? AdminPassword { get; set; }

    /// <summary>The <c>iss</c> of every token.</summary>
    public string Issuer { get; set; } = "registry-token-issuer";

    /// <summary>The service name (token audience); default: the host the request was sent to.</summary>
    public string? Service { get; set; }

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Base64 HMAC key (at least 32 bytes) that signs tokens; default: one generated and kept in storage.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Base64 key still accepted for validation while tokens signed with it may live (rotation).</summary>
    public string? PreviousSigningKey { get; set; }

    /// <summary>Comma-separated repository patterns anyone may pull without credentials (off when empty).</summary>
    public string? AnonymousPull { get; set; }

    /// <summary>
    /// The token endpoint's absolute URL as clients reach it (<c>https://myregistry.azurewebsites.net/token</c>);
    /// default: built from the request's host and scheme.
    /// </summary>
    public string? Realm { get; set; }

    /// <summary>Build the token realm from X-Forwarded-Host/-Proto (only behind a front end that sets them).</summary>
    public bool TrustForwardedHeaders { get; set; }

    /// <summary>Failed logins for one name within <see cref="ThrottleWindow"/> before it is refused with 429.</summary>
    public int MaxFailedLogins { get; set; } = 5;

    public TimeSpan ThrottleWindow { get; set; } = TimeSpan.FromMinutes(1);
}
