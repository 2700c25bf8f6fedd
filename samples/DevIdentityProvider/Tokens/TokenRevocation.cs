using DevIdentityProvider.Diagnostics;
using DevIdentityProvider.Protocol;
using DevIdentityProvider.Stores;

namespace DevIdentityProvider.Tokens;

/// <summary>RFC 7009 token revocation.</summary>
internal sealed class TokenRevocation(ClientAuthenticator authenticator, GrantStore grants, DevStats stats)
{
    /// <summary>Returns null on success, which includes unknown tokens and tokens of other clients (RFC 7009 2.2).</summary>
    public OAuthError? Revoke(string? authorizationHeader, ProtocolParameters form)
    {
        stats.CountRevocationRequest();
        if (form.FindRepeated() is { } repeated)
        {
            return OAuthError.InvalidRequest($"The {repeated} parameter was sent more than once.");
        }

        var client = authenticator.Authenticate(authorizationHeader, form);
        if (client.Value is null)
        {
            return client.Error;
        }

        var token = form.Get(OAuthConstants.Parameters.Token);
        if (token is null)
        {
            return OAuthError.InvalidRequest("The token parameter is required.");
        }

        // token_type_hint only orders the look-up; both kinds are tried either way.
        var refreshToken = grants.FindRefreshToken(token);
        if (refreshToken is not null && IsOwnedBy(refreshToken.Family, client.Value.ClientId))
        {
            // RFC 7009 2.1: revoking a refresh token also invalidates the access tokens of the same grant.
            refreshToken.Family.Revoke();
            return null;
        }

        var accessToken = grants.FindAccessToken(token);
        if (accessToken is not null && IsOwnedBy(accessToken.Family, client.Value.ClientId))
        {
            grants.RemoveAccessToken(token);
        }

        return null;
    }

    private static bool IsOwnedBy(GrantFamily family, string clientId) =>
        string.Equals(family.ClientId, clientId, StringComparison.Ordinal);
}
