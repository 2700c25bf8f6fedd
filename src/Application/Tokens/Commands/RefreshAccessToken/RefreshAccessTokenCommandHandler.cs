using CleanProxy.Application.Common.Interfaces;
using CleanProxy.Application.Common.OAuth;
using CleanProxy.Application.Common.Options;
using CleanProxy.Application.Common.Persistence;
using CleanProxy.Application.Common.Security;
using CleanProxy.Application.Sessions.Common;
using CleanProxy.Application.Tokens.Common;
using CleanProxy.Domain.Common;
using CleanProxy.Domain.Sessions;
using CleanProxy.Domain.Tokens;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CleanProxy.Application.Tokens.Commands.RefreshAccessToken;

public sealed class RefreshAccessTokenCommandHandler(
    IApplicationDbContext db,
    ClientAuthenticator clientAuthenticator,
    TokenIssuance tokenIssuance,
    ISecretProtector protector,
    IOptions<CleanProxyOptions> options,
    UpstreamTokenRefresher upstreamRefresher,
    TimeProvider time) : ICommandHandler<RefreshAccessTokenCommand, OAuthResult<TokenResponse>>
{
    private TimeSpan ReuseGrace => TimeSpan.FromSeconds(options.Value.Auth.Refresh.ReuseGraceSeconds);

    public async ValueTask<OAuthResult<TokenResponse>> Handle(RefreshAccessTokenCommand command, CancellationToken cancellationToken)
    {
        var authentication = await clientAuthenticator.AuthenticateAsync(command.Client, cancellationToken);
        if (!authentication.Succeeded)
        {
            return authentication.Error;
        }

        var client = authentication.Value;
        if (!client.AllowsGrant(GrantTypes.RefreshToken))
        {
            return OAuthError.UnauthorizedClient("This client is not registered for the refresh_token grant.");
        }

        var tokenHash = TokenHash.Compute(command.RefreshToken!);
        var presented = await db.RefreshTokens.FirstOrDefaultAsync(t => t.TokenHash == tokenHash, cancellationToken);
        if (presented is null || presented.ClientId != client.ClientId)
        {
            // Another client's token is reported exactly like an unknown one: it reveals nothing.
            return OAuthError.InvalidGrant("The refresh token is invalid.");
        }

        var session = await db.Sessions.FirstOrDefaultAsync(s => s.Id == presented.SessionId, cancellationToken);
        if (session is not { IsActive: true })
        {
            return OAuthError.InvalidGrant("The refresh token has been revoked.");
        }

        var requestedScopes = Scopes.Parse(command.Scope);
        if (!Scopes.IsSubset(requestedScopes, presented.Scope))
        {
            return OAuthError.InvalidScope("A refresh may narrow the granted scope but never widen it.");
        }

        if (command.Resource is not null && !ResourceIndicator.Matches(presented.Resource, command.Resource))
        {
            return OAuthError.InvalidTarget("resource does not match the one this refresh token was issued for.");
        }

        var now = time.GetUtcNow();
        var scope = requestedScopes.Count == 0 ? presented.Scope : Scopes.Join(requestedScopes);
        if (presented.ConsumedAt is not null)
        {
            return await ReuseOrRevokeAsync(presented, session, scope, now, cancellationToken);
        }

        // Before rotating: an upstream token near expiry is refreshed now. The IdP's invalid_grant ends the session
        // (invalid_grant here too); a transient failure leaves the presented refresh token unused, so the client retries.
        var upstreamVault = await db.UpstreamTokens.AsNoTracking().FirstOrDefaultAsync(v => v.SessionId == session.Id, cancellationToken);
        if (upstreamVault is not null && upstreamRefresher.NeedsRefresh(upstreamVault))
        {
            var fresh = await upstreamRefresher.EnsureFreshAsync(session.Id, cancellationToken);
            if (!fresh.Succeeded)
            {
                return fresh.Error;
            }
        }

        // The successor keeps the original grant's scope (RFC 6749 §6); only this access token may be narrower.
        var (successor, successorToken) = tokenIssuance.CreateRefreshToken(session, presented.Scope, now);
        if (presented.Rotate(successor, now) == ConsumeOutcome.Expired)
        {
            return OAuthError.InvalidGrant("The refresh token has expired.");
        }

        if (ReuseGrace > TimeSpan.Zero)
        {
            presented.KeepSuccessorForReuse(protector.Protect(successorToken, ProtectionPurposes.RefreshTokenSuccessors));
        }

        // Presenting this token proves its predecessor's kept successor (this one) arrived: nothing left to reuse.
        await ForgetKeptSuccessorsAsync(session.Id, except: presented.Id, cancellationToken);
        db.RefreshTokens.Add(successor);
        var response = await tokenIssuance.CreateResponseAsync(session, scope, successorToken, now, cancellationToken);

        // Rotation and the successor are one transaction; of two parallel refreshes only one can rotate, and the
        // other finds the winner's successor within the grace window.
        if (!await db.TrySaveConsumingAsync(cancellationToken))
        {
            var rotated = await db.RefreshTokens.FirstAsync(t => t.Id == presented.Id, cancellationToken);
            var liveSession = await db.Sessions.FirstAsync(s => s.Id == session.Id, cancellationToken);
            return await ReuseOrRevokeAsync(rotated, liveSession, scope, now, cancellationToken);
        }

        return response;
    }

    /// <summary>
    /// A rotated token presented again: within the grace window, and while its successor is unused, the same
    /// successor with a fresh access token; otherwise it was stolen or leaked, and the whole family ends (RFC 9700 §4.14.2).
    /// </summary>
    private async Task<OAuthResult<TokenResponse>> ReuseOrRevokeAsync(
        RefreshToken rotated, Session session, string scope, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (rotated.SuccessorForReuse(ReuseGrace, now) is { } protectedSuccessor
            && await db.RefreshTokens.AnyAsync(t => t.Id == rotated.ReplacedById && t.ConsumedAt == null, cancellationToken)
            && protector.TryUnprotect(protectedSuccessor, ProtectionPurposes.RefreshTokenSuccessors, out var successorToken))
        {
            return await tokenIssuance.CreateResponseAsync(session, scope, successorToken, now, cancellationToken);
        }

        await db.RevokeSessionAsync(session, "refresh token replayed", now, cancellationToken);

        await ForgetKeptSuccessorsAsync(session.Id, except: null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return OAuthError.InvalidGrant("The refresh token has already been used; its whole token family is revoked.");
    }

    private async Task ForgetKeptSuccessorsAsync(Guid sessionId, Guid? except, CancellationToken cancellationToken)
    {
        var keeping = await db.RefreshTokens
            .Where(t => t.SessionId == sessionId && t.ProtectedSuccessorToken != null && t.Id != except)
            .ToListAsync(cancellationToken);
        foreach (var token in keeping)
        {
            token.ForgetSuccessor();
        }
    }
}
