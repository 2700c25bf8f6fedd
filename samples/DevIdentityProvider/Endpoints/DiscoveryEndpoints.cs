using System.Text.Json.Serialization;
using DevIdentityProvider.Options;
using DevIdentityProvider.Protocol;
using DevIdentityProvider.Tokens;
using Microsoft.Extensions.Options;

namespace DevIdentityProvider.Endpoints;

/// <summary>OpenID Connect Discovery 1.0 and the JWKS. There is deliberately no registration_endpoint.</summary>
internal static class DiscoveryEndpoints
{
    public static void MapDiscoveryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(EndpointPaths.Discovery, GetConfiguration);
        endpoints.MapGet(EndpointPaths.Jwks, GetJwks);
    }

    private static IResult GetConfiguration(IOptions<DevIdentityProviderOptions> options)
    {
        var settings = options.Value;
        return Results.Json(new DiscoveryDocument(
            settings.Issuer,
            settings.EndpointUrl(EndpointPaths.Authorize),
            settings.EndpointUrl(EndpointPaths.Token),
            settings.EndpointUrl(EndpointPaths.UserInfo),
            settings.EndpointUrl(EndpointPaths.Jwks),
            settings.EndpointUrl(EndpointPaths.Revoke),
            ["code"],
            ["query"],
            [OAuthConstants.GrantTypes.AuthorizationCode, OAuthConstants.GrantTypes.RefreshToken],
            ["public"],
            ["RS256"],
            [OAuthConstants.Scopes.OpenId, OAuthConstants.Scopes.Profile, OAuthConstants.Scopes.Email, OAuthConstants.Scopes.OfflineAccess],
            ["client_secret_basic", "client_secret_post"],
            ["client_secret_basic", "client_secret_post"],
            [Pkce.S256],
            ["sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "name", "email", "preferred_username", "department", "employee_number", "groups"],
            AuthorizationResponseIssParameterSupported: true));
    }

    private static IResult GetJwks(SigningKey signingKey) => Results.Json(signingKey.ToJwks());
}

internal sealed record DiscoveryDocument(
    [property: JsonPropertyName("issuer")] string Issuer,
    [property: JsonPropertyName("authorization_endpoint")] string AuthorizationEndpoint,
    [property: JsonPropertyName("token_endpoint")] string TokenEndpoint,
    [property: JsonPropertyName("userinfo_endpoint")] string UserInfoEndpoint,
    [property: JsonPropertyName("jwks_uri")] string JwksUri,
    [property: JsonPropertyName("revocation_endpoint")] string RevocationEndpoint,
    [property: JsonPropertyName("response_types_supported")] IReadOnlyList<string> ResponseTypesSupported,
    [property: JsonPropertyName("response_modes_supported")] IReadOnlyList<string> ResponseModesSupported,
    [property: JsonPropertyName("grant_types_supported")] IReadOnlyList<string> GrantTypesSupported,
    [property: JsonPropertyName("subject_types_supported")] IReadOnlyList<string> SubjectTypesSupported,
    [property: JsonPropertyName("id_token_signing_alg_values_supported")] IReadOnlyList<string> IdTokenSigningAlgValuesSupported,
    [property: JsonPropertyName("scopes_supported")] IReadOnlyList<string> ScopesSupported,
    [property: JsonPropertyName("token_endpoint_auth_methods_supported")] IReadOnlyList<string> TokenEndpointAuthMethodsSupported,
    [property: JsonPropertyName("revocation_endpoint_auth_methods_supported")] IReadOnlyList<string> RevocationEndpointAuthMethodsSupported,
    [property: JsonPropertyName("code_challenge_methods_supported")] IReadOnlyList<string> CodeChallengeMethodsSupported,
    [property: JsonPropertyName("claims_supported")] IReadOnlyList<string> ClaimsSupported,
    [property: JsonPropertyName("authorization_response_iss_parameter_supported")] bool AuthorizationResponseIssParameterSupported);
