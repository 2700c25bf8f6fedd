using Microsoft.IdentityModel.Tokens;

namespace CleanProxy.Infrastructure.Tokens;

/// <summary>Token lifetime checked against <see cref="TimeProvider"/>, so that tests can move the clock.</summary>
internal static class LifetimeValidation
{
    public static LifetimeValidator Using(TimeProvider time, TimeSpan clockSkew) => (notBefore, expires, _, _) =>
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (expires is null)
        {
            throw new SecurityTokenNoExpirationException("The token has no expiration time.");
        }

        if (notBefore is { } nbf && nbf - clockSkew > now)
        {
            throw new SecurityTokenNotYetValidException("The token is not valid yet.") { NotBefore = nbf };
        }

        if (expires.Value + clockSkew <= now)
        {
            throw new SecurityTokenExpiredException("The token has expired.") { Expires = expires.Value };
        }

        return true;
    };
}
