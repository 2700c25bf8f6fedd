using CleanProxy.Application.Common.Options;
using CleanProxy.Application.Tokens.Common.Claims;

namespace CleanProxy.WebApi.Configuration;

/// <summary>Start-up checks of the per-provider extras: they add parameters, never replace the protocol's own.</summary>
internal static class UpstreamParametersValidation
{
    private static readonly HashSet<string> AuthorizeProtocolParameters = new(StringComparer.Ordinal)
    {
        "response_type", "client_id", "redirect_uri", "scope", "state", "nonce", "code_challenge", "code_challenge_method",
    };

    private static readonly HashSet<string> TokenProtocolParameters = new(StringComparer.Ordinal)
    {
        "grant_type", "code", "redirect_uri", "code_verifier", "refresh_token", "client_id", "client_secret",
        "client_assertion", "client_assertion_type",
    };

    public static void Validate(RemoteOptions remote, IReadOnlyList<string> proxyScopes, Action<string, string> fail)
    {
        foreach (var (scope, upstreamScopes) in remote.ScopeMapping)
        {
            if (!proxyScopes.Contains(scope))
            {
                fail($"Auth:Remote:ScopeMapping:{scope}", $"maps a scope the proxy does not grant (Auth:ScopesSupported is {string.Join(' ', proxyScopes)})");
            }
            else if (upstreamScopes.Split(' ', StringSplitOptions.RemoveEmptyEntries) is not { Length: > 0 } mapped)
            {
                fail($"Auth:Remote:ScopeMapping:{scope}", "must name at least one upstream scope");
            }
            else if (mapped.Contains("openid"))
            {
                fail($"Auth:Remote:ScopeMapping:{scope}", "must not add openid: whether the proxy asks for an id_token is decided by Auth:Remote:Scopes");
            }
        }

        if (!remote.UseUserInfo && !remote.EffectiveScopes.Contains("openid"))
        {
            fail("Auth:Remote:UseUserInfo", "= false needs openid in Auth:Remote:Scopes: without an id_token, userinfo is the only way to learn who signed in");
        }

        foreach (var name in remote.ExtraAuthorizeParameters.Keys.Where(AuthorizeProtocolParameters.Contains))
        {
            fail($"Auth:Remote:ExtraAuthorizeParameters:{name}", "would replace a parameter the proxy sets itself (scopes go in Auth:Remote:Scopes)");
        }

        foreach (var name in remote.ExtraTokenParameters.Keys.Where(TokenProtocolParameters.Contains))
        {
            fail($"Auth:Remote:ExtraTokenParameters:{name}", "would replace a parameter the proxy sets itself");
        }

        if (!ClaimPath.TryParse(remote.SubjectClaim, out _))
        {
            fail("Auth:Remote:SubjectClaim", $"is not a claim path like sub or id: '{remote.SubjectClaim}'");
        }
    }
}
