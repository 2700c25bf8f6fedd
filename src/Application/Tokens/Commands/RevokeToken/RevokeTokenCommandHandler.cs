using CleanProxy.Application.Common.Interfaces;
using CleanProxy.Application.Common.OAuth;
using CleanProxy.Application.Common.Options;
using CleanProxy.Application.Common.Persistence;
using CleanProxy.Application.Common.Security;
using CleanProxy.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CleanProxy.Application.Tokens.Commands.RevokeToken;

public sealed class RevokeTokenCommandHandler(
    IApplicationDbContext db,
    ClientAuthenticator clientAuthenticator,
    IAccessTokenValidator accessTokenValidator,
    IOptions<CleanProxyOptions> options,
    IUpstreamIdentityProvider upstream,
    ISecretProtector protector,
    TimeProvider time) : ICommandHandler<RevokeTokenCommand, OAuthResult<TokenRevoked>>
{
    public async ValueTask<OAuthResult<TokenRevoked>> Handle(RevokeTokenCommand command, CancellationToken cancellationToken)
    {
        var authentication = await clientAuthenticator.AuthenticateAsync(command.Client, cancellationToken);
        if (!authentication.Succeeded)
        {
            return authentication.Error;
        }

        var clientId = authentication.Value.ClientId;
        var sessionId = await FindSessionAsync(command.Token!, clientId, cancellationToken);
        if (sessionId is { } id)
        {
            // Read before revoking: ending the session deletes its vault record.
            var upstreamRefreshToken = await ReadUpstreamRefreshTokenAsync(id, cancellationToken);
            var session = await db.Sessions.FirstAsync(s => s.Id == id, cancellationToken);
            await db.RevokeSessionAsync(session, "revoked by the client", time.GetUtcNow(), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            if (upstreamRefreshToken is not null)
            {
                await upstream.RevokeRefreshTokenAsync(upstreamRefreshToken, cancellationToken);
            }
        }

        // RFC 7009 §2.2: unknown, invalid or foreign tokens get the same 200 answer.
        return new TokenRevoked();
    }

    /// <summary>
    /// The upstream refresh token to revoke at the IdP, when configured. Its revocation is best effort and comes after
    /// the local one is stored: an unreachable IdP must not keep the client's revocation from succeeding.
    /// </summary>
    private async Task<string?> ReadUpstreamRefreshTokenAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        if (!options.Value.Auth.Remote.RevokeUpstreamTokens)
        {
            return null;
        }

        var protectedRefreshToken = await db.UpstreamTokens.AsNoTracking()
            .Where(v => v.SessionId == sessionId)
            .Select(v => v.ProtectedRefreshToken)
            .FirstOrDefaultAsync(cancellationToken);
        return protectedRefreshToken is not null
            && protector.TryUnprotect(protectedRefreshToken, ProtectionPurposes.UpstreamTokens, out var refreshToken)
            ? refreshToken
            : null;
    }

    private async Task<Guid?> FindSessionAsync(string token, string clientId, CancellationToken cancellationToken)
    {
        if (token.StartsWith(OpaqueToken.RefreshTokenPrefix, StringComparison.Ordinal))
        {
            var hash = TokenHash.Compute(token);
            return await db.RefreshTokens.AsNoTracking()
                .Where(t => t.TokenHash == hash && t.ClientId == clientId)
                .Select(t => (Guid?)t.SessionId)
                .FirstOrDefaultAsync(cancellationToken);
        }

        var accessToken = await accessTokenValidator.ValidateAsync(token, options.Value.Resource, cancellationToken);
        return accessToken.IsValid && accessToken.ClientId == clientId ? accessToken.SessionId : null;
    }
}
