using CleanProxy.Application.Common.OAuth;
using CleanProxy.Application.Common.Options;
using CleanProxy.Application.Tokens.Common.Claims;

namespace CleanProxy.WebApi.Configuration;

/// <summary>Start-up checks of <c>Auth:TokenClaims</c>: reserved names, exactly one source, paths that parse.</summary>
internal static class TokenClaimsValidation
{
    public static void Validate(IReadOnlyDictionary<string, TokenClaimOptions> claims, Action<string, string> fail)
    {
        foreach (var (name, mapping) in claims)
        {
            var key = $"Auth:TokenClaims:{name}";
            if (ReservedAccessTokenClaims.Contains(name))
            {
                fail(key, $"maps the reserved claim '{name}', which the proxy sets itself ({string.Join(", ", ReservedAccessTokenClaims.Names)}); choose another claim name");
                continue;
            }

            if ((mapping.From is null) == (mapping.Value is null))
            {
                fail(key, "must set exactly one of From (a path into the upstream claims) or Value (a constant)");
                continue;
            }

            if (mapping.From is not null && !ClaimPath.TryParse(mapping.From, out _))
            {
                fail(key + ":From", $"is not a claim path like employee_number, address.country or groups[].name: '{mapping.From}'");
            }
        }
    }
}
