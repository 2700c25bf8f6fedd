using DevIdentityProvider.Options;
using DevIdentityProvider.Protocol;
using DevIdentityProvider.Stores;
using Microsoft.Extensions.Options;

namespace DevIdentityProvider.Tokens;

/// <summary>Issues the token set for a grant: opaque access and refresh tokens plus an id_token.</summary>
internal sealed class TokenIssuer(
    GrantStore grants,
    IdTokenFactory idTokens,
    IOptions<DevIdentityProviderOptions> options,
    TimeProvider timeProvider)
{
    public TokenResponse Issue(GrantFamily family, DevUserOptions user, string accessTokenScope, string? nonce)
    {
        var now = timeProvider.GetUtcNow();
        var lifetimes = options.Value;
        var accessToken = grants.Add(new AccessToken(family, accessTokenScope, now.AddSeconds(lifetimes.AccessTokenLifetimeSeconds)));

        // This IdP always issues a refresh token, offline_access or not, like many corporate IdPs do.
        var refreshToken = grants.Add(new RefreshToken(family, now.AddSeconds(lifetimes.RefreshTokenLifetimeSeconds)));
        var idToken = ScopeList.Parse(accessTokenScope).Contains(OAuthConstants.Scopes.OpenId)
            ? idTokens.Create(family, user, nonce, now)
            : null;
        return new TokenResponse(accessToken, "Bearer", lifetimes.AccessTokenLifetimeSeconds, refreshToken, idToken, accessTokenScope);
    }
}
