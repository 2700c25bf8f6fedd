using System.Text;
using CleanProxy.Application.Common.OAuth;

namespace CleanProxy.Application.Common.Interfaces;

/// <summary>The upstream IdP, reached with the proxy's one pre-provisioned client.</summary>
public interface IUpstreamIdentityProvider
{
    /// <summary>Where to send the user to sign in; fails when the IdP's metadata cannot be had.</summary>
    Task<OAuthResult<BrowserRedirect>> CreateAuthorizationRedirectAsync(
        UpstreamAuthorizationRequest request, CancellationToken cancellationToken);

    /// <summary>Exchanges the upstream code, validates the id_token (signature, iss, aud, exp, nonce) and reads userinfo.</summary>
    Task<OAuthResult<UpstreamSignIn>> CompleteSignInAsync(
        UpstreamCodeExchange exchange, CancellationToken cancellationToken);

    /// <summary>
    /// Redeems the upstream refresh token. Fails with <c>invalid_grant</c> when the IdP has ended the grant, and with
    /// <c>temporarily_unavailable</c> when it could not answer (timeout, 5xx, its own temporarily_unavailable).
    /// </summary>
    Task<OAuthResult<UpstreamTokens>> RefreshAsync(string refreshToken, CancellationToken cancellationToken);

    /// <summary>Revokes an upstream refresh token (RFC 7009) if the IdP has a revocation endpoint; best effort, false otherwise.</summary>
    Task<bool> RevokeRefreshTokenAsync(string refreshToken, CancellationToken cancellationToken);
}

/// <param name="ProxyScopes">The scopes granted to the client, which may map to further upstream scopes.</param>
public sealed record UpstreamAuthorizationRequest(string State, string Nonce, string CodeChallenge, IReadOnlyList<string> ProxyScopes)
{
    private bool PrintMembers(StringBuilder builder) => true;
}

public sealed record UpstreamCodeExchange(string Code, string CodeVerifier, string ExpectedNonce)
{
    private bool PrintMembers(StringBuilder builder) => true;
}

/// <summary>The signed-in upstream identity and its tokens.</summary>
public sealed record UpstreamSignIn(string Subject, string IdentityClaimsJson, UpstreamTokens Tokens)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Subject = ").Append(Subject);
        return true;
    }
}

public sealed record UpstreamTokens(string AccessToken, string? RefreshToken, DateTimeOffset? AccessTokenExpiresAt)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("AccessTokenExpiresAt = ").Append(AccessTokenExpiresAt);
        return true;
    }
}
