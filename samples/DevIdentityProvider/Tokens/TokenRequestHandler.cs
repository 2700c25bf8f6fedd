using DevIdentityProvider.Diagnostics;
using DevIdentityProvider.Protocol;

namespace DevIdentityProvider.Tokens;

/// <summary>The token endpoint (RFC 6749 3.2): syntax, client authentication, then the grant.</summary>
internal sealed class TokenRequestHandler(
    ClientAuthenticator authenticator,
    AuthorizationCodeExchange codeExchange,
    RefreshTokenExchange refreshExchange,
    DevStats stats)
{
    public OAuthResult<TokenResponse> Handle(string? authorizationHeader, ProtocolParameters form)
    {
        if (form.FindRepeated() is { } repeated)
        {
            return OAuthError.InvalidRequest($"The {repeated} parameter was sent more than once.");
        }

        var grantType = form.Get(OAuthConstants.Parameters.GrantType);
        switch (grantType)
        {
            case null:
                return OAuthError.InvalidRequest("The grant_type parameter is required.");
            case OAuthConstants.GrantTypes.AuthorizationCode:
                stats.CountAuthorizationCodeGrant();
                break;
            case OAuthConstants.GrantTypes.RefreshToken:
                stats.CountRefreshTokenGrant();
                break;
            default:
                return new OAuthError(OAuthConstants.Errors.UnsupportedGrantType, "Only authorization_code and refresh_token are supported.");
        }

        var client = authenticator.Authenticate(authorizationHeader, form);
        if (client.Value is null)
        {
            return client.Error!;
        }

        return grantType == OAuthConstants.GrantTypes.AuthorizationCode
            ? codeExchange.Exchange(client.Value, form)
            : refreshExchange.Exchange(client.Value, form);
    }
}
