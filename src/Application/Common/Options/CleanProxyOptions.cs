namespace CleanProxy.Application.Common.Options;

/// <summary>
/// The <c>CleanProxy</c> configuration section (appsettings or environment variables such as
/// <c>CleanProxy__Auth__Remote__ClientSecret</c>). Documented in docs/configuration.md; validated at start-up.
/// </summary>
public sealed class CleanProxyOptions
{
    public const string SectionName = "CleanProxy";

    /// <summary>The proxy's issuer: an origin such as <c>https://mcp.example.com</c>, used byte for byte everywhere.</summary>
    public string Issuer { get; set; } = string.Empty;

    public AuthOptions Auth { get; set; } = new();

    public GatewayOptions Gateway { get; set; } = new();

    public DatabaseOptions Database { get; set; } = new();

    public MaintenanceOptions Maintenance { get; set; } = new();

    public ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();

    public SigningKeyOptions SigningKeys { get; set; } = new();

    public DataProtectionKeyOptions DataProtection { get; set; } = new();

    public RegistrationOptions Registration { get; set; } = new();

    /// <summary>The protected MCP resource (RFC 8707/9728): the URL clients connect to.</summary>
    public string Resource => Issuer + Gateway.Path;

    public string CallbackUrl => Issuer + EndpointPaths.Callback;

    public static class EndpointPaths
    {
        public const string Authorize = "/oauth/authorize";
        public const string Callback = "/oauth/callback";
        public const string Token = "/oauth/token";
        public const string Register = "/oauth/register";
        public const string Revoke = "/oauth/revoke";
        public const string Introspect = "/oauth/introspect";
        public const string Jwks = "/.well-known/jwks.json";
    }
}

public sealed class AuthOptions
{
    public RemoteOptions Remote { get; set; } = new();

    public ConsentOptions Consent { get; set; } = new();

    /// <summary><c>Stateful</c> (sessions and vault in the database). <c>Stateless</c> is not implemented yet.</summary>
    public string SessionMode { get; set; } = "Stateful";

    public RefreshOptions Refresh { get; set; } = new();

    /// <summary>Extra access-token claims from the upstream identity, by claim name (see <see cref="TokenClaimOptions"/>).</summary>
    public Dictionary<string, TokenClaimOptions> TokenClaims { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Scopes the proxy grants its clients. Unknown requested scopes are dropped; none requested → all of these.</summary>
    public string[]? ScopesSupported { get; set; }

    /// <summary>Refuse (<c>invalid_scope</c>) authorization requests naming scopes outside <see cref="ScopesSupported"/> instead of dropping them.</summary>
    public bool RejectUnknownScopes { get; set; }

    public IReadOnlyList<string> EffectiveScopesSupported
        => ScopesSupported is { Length: > 0 } ? ScopesSupported : DefaultScopesSupported;

    public static readonly IReadOnlyList<string> DefaultScopesSupported = ["openid", "profile", "email", "offline_access"];
}

/// <summary>The upstream identity provider and the proxy's one pre-provisioned client there.</summary>
public sealed class RemoteOptions
{
    /// <summary>The upstream issuer URL; its OIDC discovery document supplies endpoints and keys.</summary>
    public string? Provider { get; set => field = Unset(value); }

    /// <summary>An empty value (e.g. an environment variable set to nothing) means "not configured".</summary>
    private static string? Unset(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    public string ClientId { get; set; } = string.Empty;

    public string ClientSecret { get; set; } = string.Empty;

    /// <summary>How the proxy authenticates at the upstream token endpoint: <c>client_secret_basic</c> or <c>client_secret_post</c>.</summary>
    public string TokenEndpointAuthMethod { get; set; } = "client_secret_basic";

    public string[]? Scopes { get; set; }

    public IReadOnlyList<string> EffectiveScopes => Scopes is { Length: > 0 } ? Scopes : ["openid"];

    /// <summary>
    /// Upstream scopes to ask for when the client was granted a proxy scope, e.g. <c>offline_access</c> →
    /// <c>offline_access</c>, or <c>files</c> → <c>api://files/read</c>; space-separated values.
    /// </summary>
    public Dictionary<string, string> ScopeMapping { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The upstream scopes for one authorization: <see cref="EffectiveScopes"/>, then what the granted proxy scopes map to.</summary>
    public IReadOnlyList<string> UpstreamScopesFor(IEnumerable<string> proxyScopes)
        => EffectiveScopes
            .Concat(proxyScopes.SelectMany(scope => ScopeMapping.TryGetValue(scope, out var mapped)
                ? mapped.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                : []))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// Read the upstream userinfo endpoint after sign-in. Off for IdPs whose userinfo refuses the access token asked
    /// for (Entra ID with an <c>api://</c> scope): the id_token's claims are then all there is.
    /// </summary>
    public bool UseUserInfo { get; set; } = true;

    public string? AuthEndpoint { get; set => field = Unset(value); }

    public string? TokenEndpoint { get; set => field = Unset(value); }

    public string? UserInfoEndpoint { get; set => field = Unset(value); }

    public string? JwksUri { get; set => field = Unset(value); }

    /// <summary>An inline JWKS (JSON) for providers without a JWKS endpoint.</summary>
    public string? Jwks { get; set => field = Unset(value); }

    /// <summary>Refresh upstream tokens (with the upstream refresh token) before they expire.</summary>
    public bool RefreshUpstream { get; set; }

    /// <summary>How long before its expiry an upstream access token is refreshed.</summary>
    public int RefreshSkewSeconds { get; set; } = 60;

    /// <summary>Allowed clock difference when validating upstream id_tokens.</summary>
    public int ClockSkewSeconds { get; set; } = 60;

    /// <summary>Per upstream call.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    public UpstreamCircuitBreakerOptions CircuitBreaker { get; set; } = new();

    /// <summary>Extra parameters on the upstream authorization request (Google <c>access_type=offline</c>, Auth0 <c>audience</c>).</summary>
    public Dictionary<string, string> ExtraAuthorizeParameters { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Extra parameters on upstream token requests (code exchange and refresh).</summary>
    public Dictionary<string, string> ExtraTokenParameters { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Where the subject is in userinfo when there is no id_token (OAuth-2-only providers): a claim path such as
    /// <c>id</c> (GitHub's numeric user id). With an id_token the subject is always its <c>sub</c>.
    /// </summary>
    public string SubjectClaim { get; set; } = "sub";

    /// <summary>Revoke the upstream refresh token when the client revokes the proxy's tokens (if the IdP has a revocation endpoint).</summary>
    public bool RevokeUpstreamTokens { get; set; } = true;
}

public sealed class ConsentOptions
{
    /// <summary>Show a consent page before redirecting upstream. Not implemented yet: start-up refuses <c>true</c>.</summary>
    public bool Enabled { get; set; }
}

public sealed class RefreshOptions
{
    /// <summary>Lifetime of the proxy's access tokens, in seconds.</summary>
    public int AccessTokenTtl { get; set; } = 3600;

    /// <summary>Lifetime of each refresh token, in seconds (each rotation starts a new one).</summary>
    public int RefreshTokenTtl { get; set; } = 604800;

    /// <summary>
    /// For this many seconds after a rotation, the rotated refresh token presented again gets the same successor
    /// (concurrent refreshes, retries after a lost response) instead of revoking the family. 0 turns it off.
    /// </summary>
    public int ReuseGraceSeconds { get; set; } = 10;
}

public sealed class GatewayOptions
{
    /// <summary>The MCP server behind the gateway, e.g. <c>http://127.0.0.1:5200/mcp</c>.</summary>
    public string Backend { get; set; } = string.Empty;

    /// <summary>The path the gateway serves the MCP endpoint on.</summary>
    public string Path { get; set; } = "/mcp";

    /// <summary>Allowed clock difference when validating the proxy's own access tokens.</summary>
    public int ClockSkewSeconds { get; set; } = 30;

    /// <summary>Scopes every access token must carry to pass the gateway; missing ones → 403 <c>insufficient_scope</c>. Default none.</summary>
    public string[]? RequiredScopes { get; set; }
}

public sealed class DatabaseOptions
{
    public const string Sqlite = "Sqlite";
    public const string SqlServer = "SqlServer";

    /// <summary><c>Sqlite</c> (embedded default) or <c>SqlServer</c>.</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>Apply migrations at start-up (default for the embedded SQLite set-up).</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>How long start-up keeps retrying an unreachable database before giving up, in seconds.</summary>
    public int StartupWaitSeconds { get; set; } = 60;
}

/// <summary>Dynamic client registration (RFC 7591) safeguards; both off by default, as MCP clients register unprompted.</summary>
public sealed class RegistrationOptions
{
    /// <summary>When set, registration requires <c>Authorization: Bearer {this}</c> (RFC 7591 §3); most MCP clients cannot send one.</summary>
    public string? InitialAccessToken { get; set => field = string.IsNullOrWhiteSpace(value) ? null : value; }

    public RegistrationRateLimitOptions RateLimit { get; set; } = new();

    public ClientIdMetadataDocumentOptions ClientIdMetadataDocuments { get; set; } = new();
}

/// <summary>URL client ids (Client ID Metadata Documents, MCP 2025-11-25): public clients only, fetched safely.</summary>
public sealed class ClientIdMetadataDocumentOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Per fetch, connection included.</summary>
    public int TimeoutSeconds { get; set; } = 5;

    /// <summary>How long a document without caching headers is kept; <c>max-age</c> wins, capped at <see cref="MaxCacheSeconds"/>.</summary>
    public int DefaultCacheSeconds { get; set; } = 300;

    public int MaxCacheSeconds { get; set; } = 86_400;

    /// <summary>
    /// FOR TESTS ONLY: also fetch documents from loopback addresses, over plain http. Private, link-local and metadata
    /// addresses stay blocked. Never enable it in a deployment: it lets anyone make the proxy call its own host.
    /// </summary>
    public bool AllowLoopbackForTesting { get; set; }
}

public sealed class RegistrationRateLimitOptions
{
    /// <summary>Registrations allowed per client IP address per window; 0 (default) means unlimited.</summary>
    public int PermitLimit { get; set; }

    public int WindowSeconds { get; set; } = 60;
}
