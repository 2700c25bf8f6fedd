using CleanProxy.Application.Common.Interfaces;
using CleanProxy.Application.Common.OAuth;
using CleanProxy.Application.Common.Options;
using CleanProxy.Application.Sessions.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CleanProxy.Application.Gateway.Queries.AuthorizeGatewayRequest;

public sealed class AuthorizeGatewayRequestQueryHandler(
    IApplicationDbContext db,
    IAccessTokenValidator accessTokenValidator,
    ISecretProtector protector,
    IOptions<CleanProxyOptions> options,
    UpstreamTokenRefresher refresher,
    TimeProvider time) : IQueryHandler<AuthorizeGatewayRequestQuery, OAuthResult<GatewayGrant>>
{
    public async ValueTask<OAuthResult<GatewayGrant>> Handle(AuthorizeGatewayRequestQuery query, CancellationToken cancellationToken)
    {
        // Signature, issuer, audience and lifetime are checked locally: a forged or foreign token costs no database work.
        var validation = await accessTokenValidator.ValidateAsync(query.BearerToken, options.Value.Resource, cancellationToken);
        if (!validation.IsValid)
        {
            return OAuthError.InvalidToken(validation.Failure!);
        }

        // RFC 6750 §3.1: a valid token without the scopes this resource requires is insufficient, not invalid.
        if (options.Value.Gateway.RequiredScopes is { Length: > 0 } required
            && !Scopes.IsSubset(required, validation.Scope ?? string.Empty))
        {
            return OAuthError.InsufficientScope($"This resource requires the scope '{string.Join(' ', required)}'.");
        }

        // One indexed read: the upstream token to forward, only while the session is alive.
        var sessionId = validation.SessionId;
        var vault = await db.UpstreamTokens.AsNoTracking()
            .Where(v => v.SessionId == sessionId && db.Sessions.Any(s => s.Id == sessionId && s.RevokedAt == null))
            .FirstOrDefaultAsync(cancellationToken);
        if (vault is null)
        {
            return OAuthError.InvalidToken("The session behind this access token has been revoked.");
        }

        // Near its expiry the upstream token is refreshed first (one refresh for all concurrent requests).
        if (refresher.NeedsRefresh(vault))
        {
            var fresh = await refresher.EnsureFreshAsync(sessionId, cancellationToken);
            if (!fresh.Succeeded)
            {
                // invalid_grant: the IdP ended the sign-in, the session is revoked → 401 so the client re-authorizes.
                return fresh.Error.Code == OAuthErrorCodes.InvalidGrant ? OAuthError.InvalidToken(fresh.Error.Description) : fresh.Error;
            }

            vault = fresh.Value;
        }

        // Forwarding an expired upstream token would earn a 401 from the MCP server that the client cannot act on;
        // invalid_token here sends it back through sign-in.
        if (vault.AccessTokenExpiresWithin(TimeSpan.Zero, time.GetUtcNow()))
        {
            return OAuthError.InvalidToken("The sign-in at the identity provider has expired; sign in again.");
        }

        if (!protector.TryUnprotect(vault.ProtectedAccessToken, ProtectionPurposes.UpstreamTokens, out var upstreamAccessToken))
        {
            return OAuthError.InvalidToken("The session's upstream credentials can no longer be read; sign in again.");
        }

        return new GatewayGrant(sessionId, validation.Subject!, validation.ClientId!, upstreamAccessToken);
    }
}
