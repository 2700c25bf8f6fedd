using CleanProxy.Application.Common.Interfaces;
using CleanProxy.Application.Common.OAuth;
using CleanProxy.Application.Common.Options;
using CleanProxy.Application.Common.Security;
using CleanProxy.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CleanProxy.Application.Tokens.Queries.IntrospectToken;

public sealed class IntrospectTokenQueryHandler(
    IApplicationDbContext db,
    ClientAuthenticator clientAuthenticator,
    IAccessTokenValidator accessTokenValidator,
    IOptions<CleanProxyOptions> options,
    TimeProvider time) : IQueryHandler<IntrospectTokenQuery, OAuthResult<TokenIntrospection>>
{
    public async ValueTask<OAuthResult<TokenIntrospection>> Handle(IntrospectTokenQuery query, CancellationToken cancellationToken)
    {
        var authentication = await clientAuthenticator.AuthenticateAsync(query.Client, cancellationToken);
        if (!authentication.Succeeded)
        {
            return authentication.Error;
        }

        // A public client proves nothing about who is asking (RFC 7662 §2.1 requires the caller to be authorized).
        if (!authentication.Value.IsConfidential)
        {
            return OAuthError.InvalidClient("Token introspection requires client authentication with a client secret.");
        }

        var clientId = authentication.Value.ClientId;
        return query.Token!.StartsWith(OpaqueToken.RefreshTokenPrefix, StringComparison.Ordinal)
            ? await IntrospectRefreshTokenAsync(query.Token, clientId, cancellationToken)
            : await IntrospectAccessTokenAsync(query.Token, clientId, cancellationToken);
    }

    private async Task<TokenIntrospection> IntrospectAccessTokenAsync(string token, string clientId, CancellationToken cancellationToken)
    {
        var validation = await accessTokenValidator.ValidateAsync(token, options.Value.Resource, cancellationToken);
        if (!validation.IsValid || validation.ClientId != clientId || !await SessionIsActiveAsync(validation.SessionId, cancellationToken))
        {
            return TokenIntrospection.Inactive;
        }

        return new TokenIntrospection(
            Active: true,
            Scope: validation.Scope,
            ClientId: validation.ClientId,
            Subject: validation.Subject,
            TokenType: "Bearer",
            IssuedAt: validation.IssuedAt,
            ExpiresAt: validation.ExpiresAt,
            Issuer: options.Value.Issuer,
            Audience: options.Value.Resource);
    }

    private async Task<TokenIntrospection> IntrospectRefreshTokenAsync(string token, string clientId, CancellationToken cancellationToken)
    {
        var hash = TokenHash.Compute(token);
        var now = time.GetUtcNow();
        var found = await db.RefreshTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash && t.ClientId == clientId && t.ConsumedAt == null)
            .Join(db.Sessions.Where(s => s.RevokedAt == null), t => t.SessionId, s => s.Id, (t, s) => new { Token = t, s.Subject })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null || now >= found.Token.ExpiresAt)
        {
            return TokenIntrospection.Inactive;
        }

        return new TokenIntrospection(
            Active: true,
            Scope: found.Token.Scope,
            ClientId: found.Token.ClientId,
            Subject: found.Subject,
            TokenType: "refresh_token",
            IssuedAt: found.Token.CreatedAt,
            ExpiresAt: found.Token.ExpiresAt,
            Issuer: options.Value.Issuer,
            Audience: found.Token.Resource);
    }

    private Task<bool> SessionIsActiveAsync(Guid sessionId, CancellationToken cancellationToken)
        => db.Sessions.AnyAsync(s => s.Id == sessionId && s.RevokedAt == null, cancellationToken);
}
