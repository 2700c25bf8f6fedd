using DevIdentityProvider.Options;
using DevIdentityProvider.Stores;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DevIdentityProvider.Tokens;

internal sealed class IdTokenFactory(SigningKey signingKey, IOptions<DevIdentityProviderOptions> options)
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <param name="nonce">Only on the first id_token of a login; refreshed id_tokens carry none (OIDC Core 12.2).</param>
    public string Create(GrantFamily family, DevUserOptions user, string? nonce, DateTimeOffset now)
    {
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [JwtRegisteredClaimNames.Sub] = user.Subject,
            [JwtRegisteredClaimNames.AuthTime] = family.AuthTime.ToUnixTimeSeconds(),
        };
        AddIfPresent(claims, JwtRegisteredClaimNames.Nonce, nonce);
        AddIfPresent(claims, JwtRegisteredClaimNames.Name, user.Name);
        AddIfPresent(claims, JwtRegisteredClaimNames.Email, user.Email);

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = family.ClientId,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.AddSeconds(options.Value.IdTokenLifetimeSeconds).UtcDateTime,
            Claims = claims,
            SigningCredentials = signingKey.Credentials,
        };
        return _handler.CreateToken(descriptor);
    }

    private static void AddIfPresent(Dictionary<string, object> claims, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            claims[name] = value;
        }
    }
}
