using CleanProxy.Application.Common.Interfaces;
using CleanProxy.Application.Common.OAuth;
using CleanProxy.Application.Common.Options;
using CleanProxy.Domain.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CleanProxy.Application.Sessions.Common;

/// <summary>
/// Keeps a session's upstream access token alive (<c>Auth:Remote:RefreshUpstream</c>): when it expires within the
/// skew it is refreshed first, by exactly one request across all instances. That request claims a lease on the
/// vault row with one conditional update; the others wait and re-read the row until the holder has stored the new
/// tokens (or given up). The IdP's <c>invalid_grant</c> revokes the session; a transient failure changes nothing.
/// </summary>
public sealed partial class UpstreamTokenRefresher(
    IApplicationDbContext db,
    IUpstreamIdentityProvider upstream,
    ISecretProtector protector,
    IOptions<CleanProxyOptions> options,
    TimeProvider time,
    ILogger<UpstreamTokenRefresher> logger)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private RemoteOptions Remote => options.Value.Auth.Remote;

    /// <summary>A lease outlives the holder's call to the IdP; after that a crashed holder's lease may be taken over.</summary>
    private TimeSpan LeaseDuration => TimeSpan.FromSeconds(Remote.TimeoutSeconds + 5);

    /// <summary>Whether this vault needs a refresh before its access token is used.</summary>
    public bool NeedsRefresh(UpstreamTokenVault vault)
        => Remote.RefreshUpstream
           && vault.ProtectedRefreshToken is not null
           && vault.AccessTokenExpiresWithin(TimeSpan.FromSeconds(Remote.RefreshSkewSeconds), time.GetUtcNow());

    /// <summary>
    /// The session's vault with an access token that does not expire within the skew (refreshed if needed), or
    /// <c>invalid_grant</c> (the session is revoked, or the IdP has just ended it) or <c>temporarily_unavailable</c>.
    /// </summary>
    public async Task<OAuthResult<UpstreamTokenVault>> EnsureFreshAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        // Waiting for another instance's refresh is bounded by real time: a few IdP calls' worth.
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(2 * LeaseDuration);
        try
        {
            while (true)
            {
                var seen = await db.UpstreamTokens.AsNoTracking()
                    .Where(v => v.SessionId == sessionId && db.Sessions.Any(s => s.Id == sessionId && s.RevokedAt == null))
                    .FirstOrDefaultAsync(cancellationToken);
                if (seen is null)
                {
                    return OAuthError.InvalidGrant("The sign-in has ended; sign in again.");
                }

                if (!NeedsRefresh(seen))
                {
                    return seen;
                }

                // Claimed only if nobody refreshed since we read the row and no live lease is held.
                var now = time.GetUtcNow();
                var leaseId = Guid.NewGuid();
                var leaseExpiresAt = now + LeaseDuration;
                var claimed = await db.UpstreamTokens
                    .Where(v => v.SessionId == sessionId && v.UpdatedAt == seen.UpdatedAt
                        && (v.RefreshLeaseExpiresAt == null || v.RefreshLeaseExpiresAt <= now))
                    .ExecuteUpdateAsync(
                        v => v.SetProperty(x => x.RefreshLeaseId, leaseId).SetProperty(x => x.RefreshLeaseExpiresAt, leaseExpiresAt),
                        cancellationToken);
                if (claimed == 1)
                {
                    return await RefreshHoldingLeaseAsync(sessionId, cancellationToken);
                }

                await Task.Delay(PollInterval, patience.Token);
            }
        }
        catch (OperationCanceledException) when (patience.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            LogWaitTimedOut(sessionId);
            return OAuthError.TemporarilyUnavailable("The sign-in at the identity provider is being renewed; try again shortly.");
        }
    }

    private async Task<OAuthResult<UpstreamTokenVault>> RefreshHoldingLeaseAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        // Tracked from here: RefreshLeaseId is a concurrency token, so the save below only lands while we hold the lease.
        var vault = await db.UpstreamTokens.FirstAsync(v => v.SessionId == sessionId, cancellationToken);
        if (!protector.TryUnprotect(vault.ProtectedRefreshToken!, ProtectionPurposes.UpstreamTokens, out var refreshToken))
        {
            return await EndSessionAsync(vault, "upstream refresh token unreadable", cancellationToken);
        }

        // Not cancelled with the request: a refresh the IdP completed must be stored, or its rotated token is lost.
        var refreshed = await upstream.RefreshAsync(refreshToken, CancellationToken.None);
        if (!refreshed.Succeeded)
        {
            if (refreshed.Error.Code == OAuthErrorCodes.InvalidGrant)
            {
                return await EndSessionAsync(vault, "upstream refresh token rejected", cancellationToken);
            }

            // Timeout, 5xx, temporarily_unavailable, a misconfigured client: keep every token, let a later request retry.
            vault.ReleaseRefreshLease();
            await TrySaveAsync(cancellationToken);
            return refreshed.Error;
        }

        var tokens = refreshed.Value;
        vault.Replace(
            protector.Protect(tokens.AccessToken, ProtectionPurposes.UpstreamTokens),
            tokens.RefreshToken is { } rotated ? protector.Protect(rotated, ProtectionPurposes.UpstreamTokens) : null,
            tokens.AccessTokenExpiresAt,
            time.GetUtcNow());
        if (!await TrySaveAsync(cancellationToken))
        {
            // Our lease was taken over (we were slower than its expiry): the new holder's result wins.
            LogLeaseLost(sessionId);
            return OAuthError.TemporarilyUnavailable("The sign-in at the identity provider is being renewed; try again shortly.");
        }

        LogRefreshed(sessionId);
        return vault;
    }

    /// <summary>The IdP ended the grant: the session and its whole token family end too, so the client signs in again.</summary>
    private async Task<OAuthResult<UpstreamTokenVault>> EndSessionAsync(UpstreamTokenVault vault, string reason, CancellationToken cancellationToken)
    {
        var session = await db.Sessions.FirstAsync(s => s.Id == vault.SessionId, cancellationToken);
        session.Revoke(reason, time.GetUtcNow());
        vault.ReleaseRefreshLease();
        await TrySaveAsync(cancellationToken);
        LogSessionEnded(vault.SessionId, reason);
        return OAuthError.InvalidGrant("The sign-in at the identity provider has ended; sign in again.");
    }

    private async Task<bool> TrySaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException exception)
        {
            // Only the vault row lost; the caller's own tracked entities (a refresh token being rotated) stay as they are.
            foreach (var entry in exception.Entries)
            {
                entry.State = EntityState.Detached;
            }

            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Upstream tokens of session {SessionId} refreshed")]
    private partial void LogRefreshed(Guid sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId} ended: {Reason}")]
    private partial void LogSessionEnded(Guid sessionId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upstream refresh lease of session {SessionId} was taken over before the refresh was stored")]
    private partial void LogLeaseLost(Guid sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Timed out waiting for another request to refresh the upstream tokens of session {SessionId}")]
    private partial void LogWaitTimedOut(Guid sessionId);
}
