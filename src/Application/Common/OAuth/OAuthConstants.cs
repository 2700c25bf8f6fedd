namespace CleanProxy.Application.Common.OAuth;

/// <summary>Protocol vocabulary in one place, so a typo cannot become a second error code.</summary>
public static class OAuthErrorCodes
{
    public const string InvalidRequest = "invalid_request";
    public const string InvalidClient = "invalid_client";
    public const string InvalidGrant = "invalid_grant";
    public const string UnauthorizedClient = "unauthorized_client";
    public const string UnsupportedGrantType = "unsupported_grant_type";
    public const string UnsupportedResponseType = "unsupported_response_type";
    public const string InvalidScope = "invalid_scope";
    public const string InvalidTarget = "invalid_target";
    public const string AccessDenied = "access_denied";
    public const string ServerError = "server_error";
    public const string TemporarilyUnavailable = "temporarily_unavailable";
    public const string InvalidClientMetadata = "invalid_client_metadata";
    public const string InvalidRedirectUri = "invalid_redirect_uri";
    public const string InvalidToken = "invalid_token";
    public const string InsufficientScope = "insufficient_scope";
    public const string LoginRequired = "login_required";
    public const string ConsentRequired = "consent_required";
    public const string InteractionRequired = "interaction_required";
}

public static class GrantTypes
{
    public const string AuthorizationCode = "authorization_code";
    public const string RefreshToken = "refresh_token";

    public static readonly IReadOnlyList<string> Supported = [AuthorizationCode, RefreshToken];
}

public static class ResponseTypes
{
    public const string Code = "code";
}

public static class OAuthParameters
{
    public const string ClientId = "client_id";
    public const string ClientSecret = "client_secret";
    public const string RedirectUri = "redirect_uri";
    public const string ResponseType = "response_type";
    public const string Scope = "scope";
    public const string State = "state";
    public const string Nonce = "nonce";
    public const string Code = "code";
    public const string CodeChallenge = "code_challenge";
    public const string CodeChallengeMethod = "code_challenge_method";
    public const string CodeVerifier = "code_verifier";
    public const string GrantType = "grant_type";
    public const string RefreshToken = "refresh_token";
    public const string Resource = "resource";
    public const string Error = "error";
    public const string ErrorDescription = "error_description";
    public const string Issuer = "iss";
    public const string Token = "token";
    public const string TokenTypeHint = "token_type_hint";
}

/// <summary>Claim names of the proxy's access tokens (RFC 9068).</summary>
public static class AccessTokenClaims
{
    public const string Issuer = "iss";
    public const string Subject = "sub";
    public const string Audience = "aud";
    public const string ClientId = "client_id";
    public const string Scope = "scope";
    public const string SessionId = "sid";
    public const string JwtId = "jti";
    public const string IssuedAt = "iat";
    public const string NotBefore = "nbf";
    public const string Expires = "exp";

    public const string TokenType = "at+jwt";
}
