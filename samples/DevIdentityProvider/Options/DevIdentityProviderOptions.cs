namespace DevIdentityProvider.Options;

/// <summary>Configuration section <c>DevIdentityProvider</c>.</summary>
public sealed class DevIdentityProviderOptions
{
    public const string SectionName = "DevIdentityProvider";

    /// <summary>Used byte-for-byte as <c>iss</c> and as the base of every endpoint URL in discovery.</summary>
    public string Issuer { get; set; } = "http://127.0.0.1:5100";

    // Empty by default: the configuration binder appends to existing list items, so the defaults are added
    // afterwards by DevIdentityProviderDefaults only when nothing was configured.
    public List<DevClientOptions> Clients { get; set; } = [];

    public List<DevUserOptions> Users { get; set; } = [];

    public int AccessTokenLifetimeSeconds { get; set; } = 3600;

    public int RefreshTokenLifetimeSeconds { get; set; } = 86400;

    public int IdTokenLifetimeSeconds { get; set; } = 300;

    public int CodeLifetimeSeconds { get; set; } = 60;

    /// <summary>An absolute endpoint URL: the issuer (without a trailing slash) followed by <paramref name="path"/>.</summary>
    public string EndpointUrl(string path) => Issuer.TrimEnd('/') + path;
}

/// <summary>A pre-provisioned confidential client (this IdP has no dynamic registration).</summary>
public sealed class DevClientOptions
{
    public string ClientId { get; set; } = "";

    public string ClientSecret { get; set; } = "";

    /// <summary>Compared by exact, ordinal string match.</summary>
    public List<string> RedirectUris { get; set; } = [];

    /// <summary>When empty: openid, profile, email and offline_access. Custom scopes may be listed too.</summary>
    public List<string> AllowedScopes { get; set; } = [];
}

public sealed class DevUserOptions
{
    public string Username { get; set; } = "";

    public string Password { get; set; } = "";

    public string Subject { get; set; } = "";

    public string Name { get; set; } = "";

    public string Email { get; set; } = "";

    public string Department { get; set; } = "";

    public string EmployeeNumber { get; set; } = "";

    public List<string> Groups { get; set; } = [];
}
