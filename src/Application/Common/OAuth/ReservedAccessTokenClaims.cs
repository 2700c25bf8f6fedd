namespace CleanProxy.Application.Common.OAuth;

/// <summary>The access-token claims the proxy sets itself: no claim mapping (configured or coded) may set them.</summary>
public static class ReservedAccessTokenClaims
{
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal)
    {
        AccessTokenClaims.Issuer, AccessTokenClaims.Subject, AccessTokenClaims.Audience, AccessTokenClaims.Expires,
        AccessTokenClaims.IssuedAt, AccessTokenClaims.NotBefore, AccessTokenClaims.JwtId, AccessTokenClaims.Scope,
        AccessTokenClaims.ClientId, AccessTokenClaims.SessionId,
    };

    /// <summary>Case-insensitive: configuration keys are, and <c>SUB</c> next to <c>sub</c> would only confuse resource servers.</summary>
    public static bool Contains(string name) => Names.Contains(name.ToLowerInvariant());
}
