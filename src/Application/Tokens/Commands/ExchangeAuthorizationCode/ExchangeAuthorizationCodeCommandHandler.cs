using CleanProxy.Application.Common.Interfaces;
using CleanProxy.Application.Common.OAuth;
using CleanProxy.Application.Common.Persistence;
using CleanProxy.Application.Common.Security;
using CleanProxy.Application.Tokens.Common;
using CleanProxy.Domain.Authorization;
using CleanProxy.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CleanProxy.Application.Tokens.Commands.ExchangeAuthorizationCode;

public sealed class ExchangeAuthorizationCodeCommandHandler(
    IApplicationDbContext db,
    ClientAuthenticator clientAuthenticator,
    TokenIssuance tokenIssuance,
    TimeProvider time) : ICommandHandler<ExchangeAuthorizationCodeCommand, OAuthResult<TokenResponse>>
{
    public async ValueTask<OAuthResult<TokenResponse>> Handle(ExchangeAuthorizationCodeCommand command, CancellationToken cancellationToken)
    {
        var authentication = await clientAuthenticator.AuthenticateAsync(command.Client, cancellationToken);
        if (!authentication.Succeeded)
        {
            return authentication.Error;
        }

        var client = authentication.Value;
        if (!client.AllowsGrant(GrantTypes.AuthorizationCode))
        {
            return OAuthError.UnauthorizedClient("This client is not registered for the authorization_code grant.");
        }

        var codeHash = TokenHash.Compute(command.Code!);
        var code = await db.AuthorizationCodes.FirstOrDefaultAsync(c => c.CodeHash == codeHash, cancellationToken);
        if (code is null)
        {
            return OAuthError.InvalidGrant("The authorization code is invalid.");
        }

        if (command.Resource is not null && !ResourceIndicator.Matches(code.Resource, command.Resource))
        {
            return OAuthError.InvalidTarget("resource does not match the authorization request.");
        }

        var now = time.GetUtcNow();
        switch (code.Redeem(client.ClientId, command.RedirectUri, command.CodeVerifier, now))
        {
            case CodeRedemption.Replayed:
                return await RevokeSessionAsync(code.SessionId, now, cancellationToken);
            case CodeRedemption.Expired:
                return OAuthError.InvalidGrant("The authorization code has expired.");
            case CodeRedemption.WrongClient:
                return OAuthError.InvalidGrant("The authorization code was issued to another client.");
            case CodeRedemption.RedirectUriMismatch:
                return OAuthError.InvalidGrant("redirect_uri does not match the authorization request.");
            case CodeRedemption.PkceFailed:
                return OAuthError.InvalidGrant("code_verifier does not match the code_challenge (PKCE).");
        }

        var session = await db.Sessions.FirstOrDefaultAsync(s => s.Id == code.SessionId, cancellationToken);
        if (session is not { IsActive: true })
        {
            return OAuthError.InvalidGrant("The authorization code is no longer valid.");
        }

        string? refreshToken = null;
        if (client.AllowsGrant(GrantTypes.RefreshToken))
        {
            var (entity, token) = tokenIssuance.CreateRefreshToken(session, code.Scope, now);
            db.RefreshTokens.Add(entity);
            refreshToken = token;
        }

        var response = await tokenIssuance.CreateResponseAsync(session, code.Scope, refreshToken, now, cancellationToken);

        // Redeeming the code and storing the refresh token is one transaction; a parallel redemption loses here.
        if (!await db.TrySaveConsumingAsync(cancellationToken))
        {
            return await RevokeSessionAsync(code.SessionId, now, cancellationToken);
        }

        return response;
    }

    /// <summary>A code used twice may be stolen: revoke everything it issued (RFC 6749 §4.1.2, OAuth 2.1 §4.1.3).</summary>
    private async Task<OAuthError> RevokeSessionAsync(Guid sessionId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var session = await db.Sessions.FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (session is not null)
        {
            await db.RevokeSessionAsync(session, "authorization code replayed", now, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return OAuthError.InvalidGrant("The authorization code has already been used; the tokens it issued are revoked.");
    }
}
