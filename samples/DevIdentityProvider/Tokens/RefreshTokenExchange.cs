using DevIdentityProvider.Diagnostics;
using DevIdentityProvider.Options;
using DevIdentityProvider.Protocol;
using DevIdentityProvider.Stores;

namespace DevIdentityProvider.Tokens;

/// <summary>grant_type=refresh_token with rotation: every refresh token works once (RFC 6749 6, RFC 9700 4.14.2).</summary>
internal sealed class RefreshTokenExchange(
    GrantStore grants,
    UserDirectory users,
    TokenIssuer issuer,
    DevStats stats,
    TimeProvider timeProvider,
    ILogger<RefreshTokenExchange> logger)
{
    private const string UnusableToken = "The refresh token is invalid, expired or revoked.";

    public OAuthResult<TokenResponse> Exchange(DevClientOptions client, ProtocolParameters form)
    {
        var handle = form.Get(OAuthConstants.Parameters.RefreshToken);
        if (handle is null)
        {
            return OAuthError.InvalidRequest("The refresh_token parameter is required.");
        }

        var refreshToken = grants.FindRefreshToken(handle);
        if (refreshToken is null || refreshToken.Family.IsRevoked || refreshToken.IsExpired(timeProvider.GetUtcNow()))
        {
            return OAuthError.InvalidGrant(UnusableToken);
        }

        var family = refreshToken.Family;
        if (!string.Equals(family.ClientId, client.ClientId, StringComparison.Ordinal))
        {
            return OAuthError.InvalidGrant("The refresh token was issued to another client.");
        }

        var requestedScope = ScopeList.Parse(form.Get(OAuthConstants.Parameters.Scope));
        var grantedScope = ScopeList.Parse(family.Scope);
        if (requestedScope.FirstOrDefault(scope => !grantedScope.Contains(scope)) is { } widening)
        {
            return OAuthError.InvalidScope($"The scope '{widening}' was not granted originally.");
        }

        var user = users.FindBySubject(family.Subject);
        if (user is null)
        {
            return OAuthError.InvalidGrant("The user of this grant no longer exists.");
        }

        if (!refreshToken.TryUse())
        {
            // A used token presented again means two parties hold it: kill the whole family, successors included.
            family.Revoke();
            stats.CountRefreshTokenReplay();
            logger.LogWarning("Refresh token replayed by client {ClientId}; revoked every token of its grant.", client.ClientId);
            return OAuthError.InvalidGrant("The refresh token was already used; every token of this grant is now revoked.");
        }

        var accessTokenScope = requestedScope.Count == 0 ? family.Scope : ScopeList.Format(requestedScope);
        return issuer.Issue(family, user, accessTokenScope, nonce: null);
    }
}
