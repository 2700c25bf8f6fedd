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
    }

    public bool AccessTokenExpiresWithin(TimeSpan skew, DateTimeOffset now)
        => AccessTokenExpiresAt is { } expiresAt && expiresAt - skew <= now;
}
