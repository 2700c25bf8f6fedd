using CleanProxy.Application.Common.Interfaces;
using CleanProxy.Application.Common.OAuth;
using CleanProxy.Application.Common.Persistence;
using CleanProxy.Application.Common.Security;
using CleanProxy.Application.Sessions.Common;
using CleanProxy.Application.Tokens.Common;
using CleanProxy.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CleanProxy.Application.Tokens.Commands.RefreshAccessToken;

public sealed class RefreshAccessTokenCommandHandler(
    IApplicationDbContext db,
    ClientAuthenticator clientAuthenticator,
    TokenIssuance tokenIssuance,
    UpstreamTokenRefresher upstreamRefresher,
    TimeProvider time) : ICommandHandler<RefreshAccessTokenCommand, OAuthResult<TokenResponse>>
{
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

        var now = time.GetUtcNow();

        // The successor keeps the original grant's scope (RFC 6749 §6); only this access token may be narrower.
        var (successor, successorToken) = tokenIssuance.CreateRefreshToken(session, presented.Scope, now);
        switch (presented.Rotate(successor, now))
        {
            case ConsumeOutcome.AlreadyConsumed:
                return await RevokeFamilyAsync(session.Id, now, cancellationToken);
            case ConsumeOutcome.Expired:
                return OAuthError.InvalidGrant("The refresh token has expired.");
        }

        db.RefreshTokens.Add(successor);
        var scope = requestedScopes.Count == 0 ? presented.Scope : Scopes.Join(requestedScopes);
        var response = await tokenIssuance.CreateResponseAsync(session, scope, successorToken, now, cancellationToken);

        // Rotation and the successor are one transaction; of two parallel refreshes only one can rotate.
        if (!await db.TrySaveConsumingAsync(cancellationToken))
        {
            return await RevokeFamilyAsync(session.Id, now, cancellationToken);
        }

        return response;
    }

    /// <summary>A rotated refresh token presented again was stolen or leaked: end the whole family (RFC 9700 §4.14.2).</summary>
    private async Task<OAuthError> RevokeFamilyAsync(Guid sessionId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var session = await db.Sessions.FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        session?.Revoke("refresh token replayed", now);
        await db.SaveChangesAsync(cancellationToken);
        return OAuthError.InvalidGrant("The refresh token has already been used; its whole token family is revoked.");
    }
}
