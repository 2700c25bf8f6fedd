namespace CleanProxy.Domain.Sessions;

/// <summary>
/// The upstream IdP's tokens for one session, kept server-side and encrypted: MCP clients only ever see the proxy's
/// tokens. The gateway forwards the upstream access token to the MCP server.
/// </summary>
public sealed class UpstreamTokenVault
{
    private UpstreamTokenVault()
    {
    }

    public Guid SessionId { get; private set; }

    public string ProtectedAccessToken { get; private set; } = string.Empty;

    public string? ProtectedRefreshToken { get; private set; }

    /// <summary>Null when the IdP did not say (no <c>expires_in</c>): unknown is not the same as one hour.</summary>
    public DateTimeOffset? AccessTokenExpiresAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>
    /// Who is refreshing the upstream tokens right now, across all instances: claimed with one conditional update
    /// (many IdPs' refresh tokens are single-use, so two refreshes would end the grant). A concurrency token, so only
    /// the holder can store the result.
    /// </summary>
    public Guid? RefreshLeaseId { get; private set; }

    /// <summary>When an abandoned lease (a crashed instance) may be taken over.</summary>
    public DateTimeOffset? RefreshLeaseExpiresAt { get; private set; }

    public static UpstreamTokenVault Create(
        Guid sessionId,
        string protectedAccessToken,
        string? protectedRefreshToken,
        DateTimeOffset? accessTokenExpiresAt,
        DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(protectedAccessToken);
        return new UpstreamTokenVault
        {
            SessionId = sessionId,
            ProtectedAccessToken = protectedAccessToken,
            ProtectedRefreshToken = protectedRefreshToken,
            AccessTokenExpiresAt = accessTokenExpiresAt,
            UpdatedAt = now,
        };
    }

    /// <summary>Stores refreshed upstream tokens. An IdP that does not rotate its refresh token returns none: keep ours.</summary>
    public void Replace(
        string protectedAccessToken,
        string? protectedRefreshToken,
        DateTimeOffset? accessTokenExpiresAt,
        DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(protectedAccessToken);
        ProtectedAccessToken = protectedAccessToken;
        ProtectedRefreshToken = protectedRefreshToken ?? ProtectedRefreshToken;
        AccessTokenExpiresAt = accessTokenExpiresAt;
        UpdatedAt = now;
        RefreshLeaseId = null;
        RefreshLeaseExpiresAt = null;
    }

    /// <summary>Gives up a refresh lease without new tokens (the refresh failed); the tokens stay as they were.</summary>
    public void ReleaseRefreshLease()
    {
        RefreshLeaseId = null;
        RefreshLeaseExpiresAt = null;
    }

    public bool AccessTokenExpiresWithin(TimeSpan skew, DateTimeOffset now)
        => AccessTokenExpiresAt is { } expiresAt && expiresAt - skew <= now;
}
