namespace DevIdentityProvider.Protocol;

/// <summary>Protocol vocabulary in one place.</summary>
internal static class OAuthConstants
{
    public static readonly IReadOnlySet<string> SupportedScopes =
        new HashSet<string>(StringComparer.Ordinal) { Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.OfflineAccess };

    public static class Scopes
    {
        public const string OpenId = "openid";
        public const string Profile = "profile";
        public const string Email = "email";
        public const string OfflineAccess = "offline_access";
    }

    public static class GrantTypes
    {
        public const string AuthorizationCode = "authorization_code";
        public const string RefreshToken = "refresh_token";
    }

    public static class Errors
    {
        public const string InvalidRequest = "invalid_request";
        public const string InvalidClient = "invalid_client";
        public const string InvalidGrant = "invalid_grant";
        public const string InvalidScope = "invalid_scope";
        public const string UnsupportedGrantType = "unsupported_grant_type";
        public const string UnsupportedResponseType = "unsupported_response_type";
        public const string AccessDenied = "access_denied";
        public const string LoginRequired = "login_required";
        public const string InvalidToken = "invalid_token";
        public const string ServerError = "server_error";
    }

    public static class Parameters
    {
        public const string ClientId = "client_id";
        public const string ClientSecret = "client_secret";
        public const string RedirectUri = "redirect_uri";
        public const string ResponseType = "response_type";
        public const string ResponseMode = "response_mode";
        public const string Scope = "scope";
        public const string State = "state";
        public const string Nonce = "nonce";
        public const string Prompt = "prompt";
        public const string CodeChallenge = "code_challenge";
        public const string CodeChallengeMethod = "code_challenge_method";
        public const string CodeVerifier = "code_verifier";
        public const string GrantType = "grant_type";
        public const string Code = "code";
        public const string RefreshToken = "refresh_token";
        public const string Token = "token";
        public const string TokenTypeHint = "token_type_hint";
        public const string Issuer = "iss";
        public const string Error = "error";
        public const string ErrorDescription = "error_description";
    }
}
