namespace CleanProxy.Application.Common.OAuth;

/// <summary>
/// A protocol rejection with its standard error code (RFC 6749 §4.1.2.1, §5.2; RFC 7591 §3.2.2; RFC 6750 §3.1;
/// RFC 8707 §2) and a stable, human-readable description. Never carries a secret.
/// </summary>
public sealed record OAuthError(string Code, string Description)
{
    public static OAuthError InvalidRequest(string description) => new(OAuthErrorCodes.InvalidRequest, description);

    public static OAuthError InvalidClient(string description) => new(OAuthErrorCodes.InvalidClient, description);

    public static OAuthError InvalidGrant(string description) => new(OAuthErrorCodes.InvalidGrant, description);

    public static OAuthError UnauthorizedClient(string description) => new(OAuthErrorCodes.UnauthorizedClient, description);

    public static OAuthError UnsupportedGrantType(string description) => new(OAuthErrorCodes.UnsupportedGrantType, description);

    public static OAuthError UnsupportedResponseType(string description) => new(OAuthErrorCodes.UnsupportedResponseType, description);

    public static OAuthError InvalidScope(string description) => new(OAuthErrorCodes.InvalidScope, description);

    public static OAuthError InvalidTarget(string description) => new(OAuthErrorCodes.InvalidTarget, description);

    public static OAuthError AccessDenied(string description) => new(OAuthErrorCodes.AccessDenied, description);

    public static OAuthError ServerError(string description) => new(OAuthErrorCodes.ServerError, description);

    public static OAuthError TemporarilyUnavailable(string description) => new(OAuthErrorCodes.TemporarilyUnavailable, description);

    public static OAuthError InvalidClientMetadata(string description) => new(OAuthErrorCodes.InvalidClientMetadata, description);

    public static OAuthError InvalidRedirectUri(string description) => new(OAuthErrorCodes.InvalidRedirectUri, description);

    public static OAuthError InvalidToken(string description) => new(OAuthErrorCodes.InvalidToken, description);

    public static OAuthError InsufficientScope(string description) => new(OAuthErrorCodes.InsufficientScope, description);
}
