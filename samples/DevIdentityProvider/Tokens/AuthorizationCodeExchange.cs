using DevIdentityProvider.Diagnostics;
using DevIdentityProvider.Options;
using DevIdentityProvider.Protocol;
using DevIdentityProvider.Stores;

namespace DevIdentityProvider.Tokens;

/// <summary>grant_type=authorization_code (RFC 6749 4.1.3, RFC 7636 4.6).</summary>
internal sealed class AuthorizationCodeExchange(
    GrantStore grants,
    UserDirectory users,
    TokenIssuer issuer,
    DevStats stats,
    TimeProvider timeProvider,
    ILogger<AuthorizationCodeExchange> logger)
{
    private const string UnusableCode = "The authorization code is invalid, expired or already used.";

    public OAuthResult<TokenResponse> Exchange(DevClientOptions client, ProtocolParameters form)
    {
        var handle = form.Get(OAuthConstants.Parameters.Code);
        var redirectUri = form.Get(OAuthConstants.Parameters.RedirectUri);
        var verifier = form.Get(OAuthConstants.Parameters.CodeVerifier);
        if (handle is null)
        {
            return OAuthError.InvalidRequest("The code parameter is required.");
        }

        if (redirectUri is null)
        {
            return OAuthError.InvalidRequest("The redirect_uri parameter is required.");
        }

        var code = grants.FindCode(handle);
        if (code is null || code.IsExpired(timeProvider.GetUtcNow()))
        {
            return OAuthError.InvalidGrant(UnusableCode);
        }

        if (code.IsRedeemed)
        {
            return RejectReplay(code);
        }

        if (!string.Equals(code.Family.ClientId, client.ClientId, StringComparison.Ordinal))
        {
            return OAuthError.InvalidGrant("The authorization code was issued to another client.");
        }

        if (!string.Equals(code.RedirectUri, redirectUri, StringComparison.Ordinal))
        {
            return OAuthError.InvalidGrant("The redirect_uri differs from the one in the authorization request.");
        }

        if (CheckProofKey(code, verifier) is { } proofKeyError)
        {
            return proofKeyError;
        }

        var user = users.FindBySubject(code.Family.Subject);
        if (user is null)
        {
            return OAuthError.InvalidGrant("The user of this grant no longer exists.");
        }

        // Checks above leave the code usable for its rightful client; only the winner of this race gets tokens.
        return code.TryRedeem()
            ? issuer.Issue(code.Family, user, code.Family.Scope, code.Nonce)
            : RejectReplay(code);
    }

    private static OAuthError? CheckProofKey(AuthorizationCode code, string? verifier)
    {
        if (code.CodeChallenge is null)
        {
            // A verifier without a challenge hints at a PKCE downgrade attempt (RFC 9700 2.1.1).
            return verifier is null ? null : OAuthError.InvalidGrant("A code_verifier was sent but the authorization request had no code_challenge.");
        }

        if (verifier is null)
        {
            return OAuthError.InvalidRequest("The code_verifier parameter is required because the authorization request carried a code_challenge.");
        }

        return Pkce.VerifierMatches(verifier, code.CodeChallenge)
            ? null
            : OAuthError.InvalidGrant("The code_verifier does not match the code_challenge.");
    }

    /// <summary>RFC 6749 4.1.2: a code used twice revokes every token issued from it.</summary>
    private OAuthError RejectReplay(AuthorizationCode code)
    {
        code.Family.Revoke();
        stats.CountAuthorizationCodeReplay();
        logger.LogWarning("Authorization code replayed for client {ClientId}; revoked every token issued from it.", code.Family.ClientId);
        return OAuthError.InvalidGrant(UnusableCode);
    }
}
