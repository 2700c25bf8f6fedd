using CleanProxy.Application.Common.Interfaces;
using CleanProxy.Application.Common.OAuth;
using CleanProxy.Application.Common.Options;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CleanProxy.Infrastructure.Tokens;

/// <summary>JWT access tokens in the RFC 9068 profile (<c>typ: at+jwt</c>), signed with the current key.</summary>
internal sealed class JwtAccessTokenIssuer(SigningKeyStore keys, IOptions<CleanProxyOptions> options) : IAccessTokenIssuer
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public async ValueTask<string> IssueAsync(AccessTokenDescriptor descriptor, CancellationToken cancellationToken)
    {
        var ring = await keys.GetAsync(cancellationToken);
        var claims = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (name, value) in descriptor.AdditionalClaims)
        {
            // Defence in depth: mappings cannot set reserved claims, and these are written after them anyway.
            if (!ReservedAccessTokenClaims.Contains(name))
            {
                claims[name] = value;
            }
        }

        foreach (var (name, value) in new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [AccessTokenClaims.Subject] = descriptor.Subject,
            [AccessTokenClaims.ClientId] = descriptor.ClientId,
            [AccessTokenClaims.Scope] = descriptor.Scope,
            [AccessTokenClaims.SessionId] = descriptor.SessionId.ToString("D"),
            [AccessTokenClaims.JwtId] = Guid.NewGuid().ToString("N"),
        })
        {
            claims[name] = value;
        }

        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = descriptor.Audience,
            Claims = claims,
            IssuedAt = descriptor.IssuedAt.UtcDateTime,
            NotBefore = descriptor.IssuedAt.UtcDateTime,
            Expires = descriptor.ExpiresAt.UtcDateTime,
            TokenType = AccessTokenClaims.TokenType,
            SigningCredentials = ring.SigningCredentials,
        });
    }
}

/// <summary>Validates the proxy's own access tokens against the in-memory key ring.</summary>
internal sealed class JwtAccessTokenValidator(SigningKeyStore keys, IOptions<CleanProxyOptions> options, TimeProvider time)
    : IAccessTokenValidator
{
    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    public async ValueTask<AccessTokenValidation> ValidateAsync(string token, string audience, CancellationToken cancellationToken)
    {
        if (!Handler.CanReadToken(token))
        {
            return AccessTokenValidation.Invalid("The access token is malformed.");
        }

        var result = await ValidateWithAsync(await keys.GetAsync(cancellationToken), token, audience);
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            result = await ValidateWithAsync(await keys.ReloadForUnknownKeyAsync(cancellationToken), token, audience);
        }

        if (!result.IsValid)
        {
            return AccessTokenValidation.Invalid(Describe(result.Exception));
        }

        var claims = result.Claims;
        return claims.TryGetValue(AccessTokenClaims.SessionId, out var sid) && Guid.TryParse(sid as string, out var sessionId)
            && claims.TryGetValue(AccessTokenClaims.Subject, out var sub) && sub is string subject
            && claims.TryGetValue(AccessTokenClaims.ClientId, out var cid) && cid is string clientId
            ? AccessTokenValidation.Valid(sessionId, subject, clientId, claims.TryGetValue(AccessTokenClaims.Scope, out var scope) ? scope as string ?? string.Empty : string.Empty) with
            {
                IssuedAt = new DateTimeOffset(result.SecurityToken.ValidFrom, TimeSpan.Zero),
                ExpiresAt = new DateTimeOffset(result.SecurityToken.ValidTo, TimeSpan.Zero),
            }
            : AccessTokenValidation.Invalid("The access token lacks required claims.");
    }

    private Task<TokenValidationResult> ValidateWithAsync(KeyRing ring, string token, string audience)
        => Handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = options.Value.Issuer,
            ValidAudience = audience,
            IssuerSigningKeys = ring.ValidationKeys,
            ValidAlgorithms = [SigningKeyStore.Algorithm],
            ValidTypes = [AccessTokenClaims.TokenType],
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            LifetimeValidator = LifetimeValidation.Using(time, TimeSpan.FromSeconds(options.Value.Gateway.ClockSkewSeconds)),
        });

    /// <summary>Short, stable reasons for WWW-Authenticate: never the library's message, which may echo token content.</summary>
    private static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => "The access token has expired.",
        SecurityTokenNotYetValidException => "The access token is not valid yet.",
        SecurityTokenInvalidAudienceException => "The access token was issued for another resource.",
        SecurityTokenInvalidIssuerException => "The access token was issued by another authorization server.",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The access token signature is invalid.",
        SecurityTokenInvalidTypeException => "The token is not an access token.",
        SecurityTokenInvalidAlgorithmException => "The access token uses an unsupported signing algorithm.",
        _ => "The access token is invalid.",
    };
}
