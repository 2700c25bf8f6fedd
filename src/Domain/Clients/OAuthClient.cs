namespace CleanProxy.Domain.Clients;

/// <summary>A client registered through Dynamic Client Registration (RFC 7591).</summary>
public sealed class OAuthClient
{
    private List<string> _redirectUris = [];
    private List<string> _grantTypes = [];

    private OAuthClient()
    {
    }

    public string ClientId { get; private set; } = string.Empty;

    /// <summary>Salted slow hash of the client secret; null for public clients.</summary>
    public string? SecretHash { get; private set; }

    public string TokenEndpointAuthMethod { get; private set; } = ClientAuthenticationMethod.None;

    public string? ClientName { get; private set; }

    public string? Scope { get; private set; }

    public IReadOnlyList<string> RedirectUris => _redirectUris;

    public IReadOnlyList<string> GrantTypes => _grantTypes;

    public DateTimeOffset CreatedAt { get; private set; }

    public bool IsConfidential => TokenEndpointAuthMethod != ClientAuthenticationMethod.None;

    public static OAuthClient Register(
        string clientId,
        string tokenEndpointAuthMethod,
        string? secretHash,
        IEnumerable<string> redirectUris,
        IEnumerable<string> grantTypes,
        string? clientName,
        string? scope,
        DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        if (!ClientAuthenticationMethod.IsSupported(tokenEndpointAuthMethod))
        {
            throw new ArgumentException($"Unsupported authentication method '{tokenEndpointAuthMethod}'.", nameof(tokenEndpointAuthMethod));
        }

        if ((tokenEndpointAuthMethod == ClientAuthenticationMethod.None) != (secretHash is null))
        {
            throw new ArgumentException("Confidential clients need a secret and public clients must not have one.", nameof(secretHash));
        }

        var uris = redirectUris.ToList();
        if (uris.Count == 0)
        {
            throw new ArgumentException("A client needs at least one redirect URI.", nameof(redirectUris));
        }

        return new OAuthClient
        {
            ClientId = clientId,
            TokenEndpointAuthMethod = tokenEndpointAuthMethod,
            SecretHash = secretHash,
            _redirectUris = uris,
            _grantTypes = grantTypes.ToList(),
            ClientName = clientName,
            Scope = scope,
            CreatedAt = now,
        };
    }

    /// <summary>
    /// Resolves the redirect URI of an authorization request: the requested one if it matches a registered one,
    /// or the only registered one when none was requested (RFC 6749 §3.1.2.3). Null means "do not redirect".
    /// </summary>
    public string? ResolveRedirectUri(string? requested)
    {
        if (string.IsNullOrEmpty(requested))
        {
            return _redirectUris.Count == 1 ? _redirectUris[0] : null;
        }

        return _redirectUris.Any(registered => RedirectUriMatcher.Matches(registered, requested)) ? requested : null;
    }

    public bool AllowsGrant(string grantType) => _grantTypes.Contains(grantType);
}
