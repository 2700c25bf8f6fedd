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

    public static void Validate(RemoteOptions remote, Action<string, string> fail)
    {
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
