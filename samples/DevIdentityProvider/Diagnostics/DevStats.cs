namespace DevIdentityProvider.Diagnostics;

/// <summary>
/// Request counters for tests (for example to count upstream refreshes). Each counts requests received, whether
/// or not they succeeded.
/// </summary>
internal sealed class DevStats
{
    private long _tokenRequests;
    private long _authorizationCodeGrants;
    private long _refreshTokenGrants;
    private long _userinfoRequests;
    private long _revocationRequests;
    private long _authorizationCodeReplays;
    private long _refreshTokenReplays;

    public void CountTokenRequest() => Interlocked.Increment(ref _tokenRequests);

    public void CountAuthorizationCodeGrant() => Interlocked.Increment(ref _authorizationCodeGrants);

    public void CountRefreshTokenGrant() => Interlocked.Increment(ref _refreshTokenGrants);

    public void CountUserinfoRequest() => Interlocked.Increment(ref _userinfoRequests);

    public void CountRevocationRequest() => Interlocked.Increment(ref _revocationRequests);

    public void CountAuthorizationCodeReplay() => Interlocked.Increment(ref _authorizationCodeReplays);

    public void CountRefreshTokenReplay() => Interlocked.Increment(ref _refreshTokenReplays);

    public DevStatsSnapshot Snapshot() => new(
        Interlocked.Read(ref _tokenRequests),
        Interlocked.Read(ref _authorizationCodeGrants),
        Interlocked.Read(ref _refreshTokenGrants),
        Interlocked.Read(ref _userinfoRequests),
        Interlocked.Read(ref _revocationRequests),
        Interlocked.Read(ref _authorizationCodeReplays),
        Interlocked.Read(ref _refreshTokenReplays));
}

/// <summary>Serialized camelCase: tokenRequests, authorizationCodeGrants, refreshTokenGrants, userinfoRequests, ...</summary>
internal sealed record DevStatsSnapshot(
    long TokenRequests,
    long AuthorizationCodeGrants,
    long RefreshTokenGrants,
    long UserinfoRequests,
    long RevocationRequests,
    long AuthorizationCodeReplays,
    long RefreshTokenReplays);
