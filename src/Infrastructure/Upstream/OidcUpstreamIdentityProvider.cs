using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CleanProxy.Application.Common.Interfaces;
using CleanProxy.Application.Common.OAuth;
using CleanProxy.Application.Common.Options;
using CleanProxy.Application.Tokens.Common.Claims;
using Duende.IdentityModel.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace CleanProxy.Infrastructure.Upstream;

/// <summary>The upstream OpenID Connect provider, driven with Duende.IdentityModel and the proxy's one client.</summary>
internal sealed partial class OidcUpstreamIdentityProvider(
    HttpClient http,
    UpstreamMetadata metadata,
    IOptions<CleanProxyOptions> options,
    TimeProvider time,
    ILogger<OidcUpstreamIdentityProvider> logger) : IUpstreamIdentityProvider
{
    /// <summary>Protocol claims of the id_token that say nothing about the user.</summary>
    private static readonly HashSet<string> ProtocolClaims =
        ["iss", "aud", "exp", "iat", "nbf", "nonce", "at_hash", "c_hash", "azp", "auth_time", "sid", "jti", "acr", "amr"];

    private static readonly string[] AllowedIdTokenAlgorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    private static readonly JsonWebTokenHandler IdTokenHandler = new() { MapInboundClaims = false };

    private readonly CleanProxyOptions _options = options.Value;

    private RemoteOptions Remote => _options.Auth.Remote;

    private ClientCredentialStyle CredentialStyle => Remote.TokenEndpointAuthMethod == "client_secret_post"
        ? ClientCredentialStyle.PostBody
        : ClientCredentialStyle.AuthorizationHeader;

    private bool RequestsOpenId => Remote.EffectiveScopes.Contains("openid");

    public async Task<OAuthResult<BrowserRedirect>> CreateAuthorizationRedirectAsync(
        UpstreamAuthorizationRequest request, CancellationToken cancellationToken)
    {
        var configuration = await TryGetMetadataAsync(cancellationToken);
        if (configuration is null)
        {
            return MetadataUnavailable();
        }

        List<KeyValuePair<string, string>> parameters =
        [
            new(OAuthParameters.ResponseType, ResponseTypes.Code),
            new(OAuthParameters.ClientId, Remote.ClientId),
            new(OAuthParameters.RedirectUri, _options.CallbackUrl),
            new(OAuthParameters.Scope, Scopes.Join(Remote.UpstreamScopesFor(request.ProxyScopes))),
            new(OAuthParameters.State, request.State),
            new(OAuthParameters.CodeChallenge, request.CodeChallenge),
            new(OAuthParameters.CodeChallengeMethod, "S256"),
        ];
        if (RequestsOpenId)
        {
            parameters.Add(new(OAuthParameters.Nonce, request.Nonce));
        }

        // Start-up validation refuses extras that would replace one of the parameters above.
        parameters.AddRange(Remote.ExtraAuthorizeParameters);

        return new BrowserRedirect(configuration.AuthorizationEndpoint, parameters);
    }

    public async Task<OAuthResult<UpstreamSignIn>> CompleteSignInAsync(UpstreamCodeExchange exchange, CancellationToken cancellationToken)
    {
        var configuration = await TryGetMetadataAsync(cancellationToken);
        if (configuration is null)
        {
            return MetadataUnavailable();
        }

        var tokens = await FormEncodedTokenResponse.AsJsonAsync(await http.RequestAuthorizationCodeTokenAsync(
            new AuthorizationCodeTokenRequest
            {
                Address = configuration.TokenEndpoint,
                ClientId = Remote.ClientId,
                ClientSecret = Remote.ClientSecret,
                ClientCredentialStyle = CredentialStyle,
                Code = exchange.Code,
                RedirectUri = _options.CallbackUrl,
                CodeVerifier = exchange.CodeVerifier,
                Parameters = new Parameters(Remote.ExtraTokenParameters),
            },
            cancellationToken));

        if (tokens.IsError)
        {
            return TokenEndpointFailure(tokens);
        }

        if (string.IsNullOrEmpty(tokens.AccessToken))
        {
            LogUpstreamProblem("the token response has no access_token");
            return OAuthError.ServerError("The identity provider's token response has no access token.");
        }

        var claims = new JsonObject();
        string? subject = null;
        if (RequestsOpenId)
        {
            var idToken = await ValidateIdTokenAsync(tokens.IdentityToken, exchange.ExpectedNonce, configuration, cancellationToken);
            if (!idToken.Succeeded)
            {
                return idToken.Error;
            }

            subject = idToken.Value.Subject;
            foreach (var claim in JsonNode.Parse(Base64UrlEncoder.Decode(idToken.Value.EncodedPayload))!.AsObject())
            {
                if (!ProtocolClaims.Contains(claim.Key))
                {
                    claims[claim.Key] = claim.Value?.DeepClone();
                }
            }
        }

        if (Remote.UseUserInfo && !string.IsNullOrEmpty(configuration.UserInfoEndpoint))
        {
            var userInfo = await ReadUserInfoAsync(configuration.UserInfoEndpoint, tokens.AccessToken, subject, cancellationToken);
            if (!userInfo.Succeeded)
            {
                return userInfo.Error;
            }

            foreach (var claim in userInfo.Value)
            {
                claims[claim.Key] = claim.Value?.DeepClone();
            }

            // Without an id_token (OAuth-2-only providers) the subject comes from userinfo, where the deployer says.
            var subjectClaim = ClaimPath.TryParse(Remote.SubjectClaim, out var path) ? path.Evaluate(userInfo.Value) : null;
            subject ??= subjectClaim?.GetValueKind() switch
            {
                JsonValueKind.String => subjectClaim.GetValue<string>(),
                JsonValueKind.Number => subjectClaim.ToJsonString(),
                _ => null,
            };
        }

        if (string.IsNullOrEmpty(subject))
        {
            LogUpstreamProblem("no subject in id_token or userinfo");
            return OAuthError.ServerError("The identity provider did not say who signed in (no subject).");
        }

        var expiresAt = tokens.ExpiresIn > 0 ? time.GetUtcNow().AddSeconds(tokens.ExpiresIn) : (DateTimeOffset?)null;
        return new UpstreamSignIn(
            subject,
            claims.ToJsonString(),
            new UpstreamTokens(tokens.AccessToken, string.IsNullOrEmpty(tokens.RefreshToken) ? null : tokens.RefreshToken, expiresAt));
    }

    public async Task<OAuthResult<UpstreamTokens>> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var configuration = await TryGetMetadataAsync(cancellationToken);
        if (configuration is null)
        {
            return MetadataUnavailable();
        }

        var tokens = await FormEncodedTokenResponse.AsJsonAsync(await http.RequestRefreshTokenAsync(
            new RefreshTokenRequest
            {
                Address = configuration.TokenEndpoint,
                ClientId = Remote.ClientId,
                ClientSecret = Remote.ClientSecret,
                ClientCredentialStyle = CredentialStyle,
                RefreshToken = refreshToken,
                Parameters = new Parameters(Remote.ExtraTokenParameters),
            },
            cancellationToken));

        if (tokens.IsError)
        {
            LogTokenEndpointFailure(tokens.ErrorType.ToString(), (int)tokens.HttpStatusCode, tokens.Error);
            if (tokens.Error == OAuthErrorCodes.InvalidGrant)
            {
                return OAuthError.InvalidGrant("The identity provider has ended the sign-in.");
            }

            return IsTransient(tokens)
                ? OAuthError.TemporarilyUnavailable("The identity provider's token endpoint is not available. Try again shortly.")
                : OAuthError.ServerError("The identity provider refused to refresh the sign-in.");
        }

        if (string.IsNullOrEmpty(tokens.AccessToken))
        {
            LogUpstreamProblem("the refresh response has no access_token");
            return OAuthError.TemporarilyUnavailable("The identity provider's token response has no access token.");
        }

        // No expires_in means unknown, not one hour: the token is then used until the backend refuses it.
        var expiresAt = tokens.ExpiresIn > 0 ? time.GetUtcNow().AddSeconds(tokens.ExpiresIn) : (DateTimeOffset?)null;
        return new UpstreamTokens(tokens.AccessToken, string.IsNullOrEmpty(tokens.RefreshToken) ? null : tokens.RefreshToken, expiresAt);
    }

    public async Task<bool> RevokeRefreshTokenAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var configuration = await TryGetMetadataAsync(cancellationToken);
        if (configuration?.RevocationEndpoint is not { Length: > 0 } address)
        {
            return false;
        }

        var response = await http.RevokeTokenAsync(
            new TokenRevocationRequest
            {
                Address = address,
                ClientId = Remote.ClientId,
                ClientSecret = Remote.ClientSecret,
                ClientCredentialStyle = CredentialStyle,
                Token = refreshToken,
                TokenTypeHint = "refresh_token",
            },
            cancellationToken);
        if (response.IsError)
        {
            LogUpstreamProblem($"revocation failed ({(int)response.HttpStatusCode})");
            return false;
        }

        return true;
    }

    private static bool IsTransient(TokenResponse tokens)
        => tokens.ErrorType == ResponseErrorType.Exception
           || (int)tokens.HttpStatusCode >= 500
           || tokens.Error == OAuthErrorCodes.TemporarilyUnavailable;

    private async Task<OAuthResult<JsonWebToken>> ValidateIdTokenAsync(
        string? idToken, string expectedNonce, OpenIdConnectConfiguration configuration, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(idToken))
        {
            LogUpstreamProblem("the token response has no id_token although openid was requested");
            return OAuthError.ServerError("The identity provider returned no id_token.");
        }

        var result = await ValidateIdTokenWithAsync(idToken, configuration);
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException
            && await metadata.RefetchForUnknownKeyAsync(cancellationToken) is { } refetched)
        {
            // The IdP may have rotated its keys since we cached them: one throttled refetch, then try again.
            result = await ValidateIdTokenWithAsync(idToken, refetched);
        }

        if (!result.IsValid)
        {
            LogIdTokenRejected(result.Exception?.GetType().Name ?? "unknown");
            return OAuthError.ServerError("The identity provider's id_token failed validation.");
        }

        var token = (JsonWebToken)result.SecurityToken;
        var nonce = token.TryGetPayloadValue<string>("nonce", out var value) ? value : null;
        if (nonce is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(nonce), Encoding.UTF8.GetBytes(expectedNonce)))
        {
            LogIdTokenRejected("nonce mismatch");
            return OAuthError.ServerError("The identity provider's id_token failed validation (nonce).");
        }

        // OIDC Core §3.1.3.7: with several audiences, azp must name this client.
        if (token.Audiences.Count() > 1 && (!token.TryGetPayloadValue<string>("azp", out var azp) || azp != Remote.ClientId))
        {
            LogIdTokenRejected("azp mismatch");
            return OAuthError.ServerError("The identity provider's id_token failed validation (azp).");
        }

        return token;
    }

    private async Task<OAuthResult<JsonObject>> ReadUserInfoAsync(
        string endpoint, string accessToken, string? expectedSubject, CancellationToken cancellationToken)
    {
        var response = await http.GetUserInfoAsync(new UserInfoRequest { Address = endpoint, Token = accessToken }, cancellationToken);
        if (response.IsError || response.Json is not { ValueKind: JsonValueKind.Object } json)
        {
            LogUpstreamProblem($"userinfo failed ({(int)response.HttpStatusCode})");
            return OAuthError.TemporarilyUnavailable("The identity provider's userinfo endpoint did not answer usefully.");
        }

        var claims = JsonNode.Parse(json.GetRawText())!.AsObject();

        // OIDC Core §5.3.2: userinfo must be about the id_token's subject, or it is discarded.
        if (expectedSubject is not null && claims["sub"]?.ToString() != expectedSubject)
        {
            LogUpstreamProblem("userinfo sub differs from id_token sub");
            return OAuthError.ServerError("The identity provider's userinfo is about another user.");
        }

        return claims;
    }

    private Task<TokenValidationResult> ValidateIdTokenWithAsync(string idToken, OpenIdConnectConfiguration configuration)
        => IdTokenHandler.ValidateTokenAsync(idToken, new TokenValidationParameters
        {
            ValidIssuer = configuration.Issuer ?? Remote.Provider,
            ValidAudience = Remote.ClientId,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidAlgorithms = AllowedIdTokenAlgorithms,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            LifetimeValidator = Tokens.LifetimeValidation.Using(time, TimeSpan.FromSeconds(Remote.ClockSkewSeconds)),
        });

    private async Task<OpenIdConnectConfiguration?> TryGetMetadataAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await metadata.GetAsync(cancellationToken);
        }
        catch (InvalidOperationException exception)
        {
            LogMetadataUnavailable(exception);
            return null;
        }
    }

    private static OAuthError MetadataUnavailable()
        => OAuthError.TemporarilyUnavailable("The identity provider cannot be reached right now. Try again shortly.");

    private OAuthError TokenEndpointFailure(TokenResponse tokens)
    {
        LogTokenEndpointFailure(tokens.ErrorType.ToString(), (int)tokens.HttpStatusCode, tokens.Error);
        return IsTransient(tokens)
            ? OAuthError.TemporarilyUnavailable("The identity provider's token endpoint is not available. Try again shortly.")
            : OAuthError.ServerError("The identity provider refused to exchange the authorization code.");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upstream metadata unavailable")]
    private partial void LogMetadataUnavailable(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upstream token endpoint failed: {ErrorType}, HTTP {Status}, error {Error}")]
    private partial void LogTokenEndpointFailure(string errorType, int status, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upstream id_token rejected: {Reason}")]
    private partial void LogIdTokenRejected(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upstream identity provider problem: {Problem}")]
    private partial void LogUpstreamProblem(string problem);
}
