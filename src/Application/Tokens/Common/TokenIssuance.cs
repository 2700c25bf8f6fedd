using CleanProxy.Application.Common.Interfaces;
using CleanProxy.Application.Common.Options;
using CleanProxy.Application.Tokens.Common.Claims;
using CleanProxy.Domain.Common;
using CleanProxy.Domain.Sessions;
using CleanProxy.Domain.Tokens;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace CleanProxy.Application.Tokens.Common;

/// <summary>Issues the proxy's tokens for a session: a signed JWT access token and, when allowed, a refresh token.</summary>
public sealed class TokenIssuance(
    IAccessTokenIssuer accessTokenIssuer,
    IOptions<CleanProxyOptions> options,
    ConfiguredTokenClaimsMapper configuredClaims,
    IEnumerable<ITokenClaimsMapper> claimsHooks)
{
    private readonly CleanProxyOptions _options = options.Value;

    public TimeSpan RefreshTokenLifetime => TimeSpan.FromSeconds(_options.Auth.Refresh.RefreshTokenTtl);

    /// <summary>A new refresh token for the session; the caller adds the entity in the same save as what it consumes.</summary>
    public (RefreshToken Entity, string Token) CreateRefreshToken(Session session, string scope, DateTimeOffset now)
    {
        var token = OpaqueToken.Create(OpaqueToken.RefreshTokenPrefix);
        var entity = RefreshToken.Issue(token, session.Id, session.ClientId, scope, session.Resource, RefreshTokenLifetime, now);
        return (entity, token);
    }

    public async Task<TokenResponse> CreateResponseAsync(
        Session session, string scope, string? refreshToken, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var lifetime = _options.Auth.Refresh.AccessTokenTtl;
        var accessToken = await accessTokenIssuer.IssueAsync(
            new AccessTokenDescriptor(session.Subject, session.ClientId, scope, session.Id, session.Resource, now, now.AddSeconds(lifetime))
            {
                AdditionalClaims = MapClaims(session, scope),
            },
            cancellationToken);
        return new TokenResponse(accessToken, "Bearer", lifetime, refreshToken, scope);
    }

    /// <summary>
    /// The configured mapping, then the deployer's hooks, over the upstream claims stored on the session: a refresh
    /// yields the same claims as the code exchange did.
    /// </summary>
    private Dictionary<string, JsonElement> MapClaims(Session session, string scope)
    {
        var upstreamClaims = JsonNode.Parse(session.IdentityClaimsJson) as JsonObject ?? [];
        var mapping = new TokenClaimsMapping(session.Subject, session.ClientId, scope, upstreamClaims);
        configuredClaims.Map(mapping);
        foreach (var hook in claimsHooks)
        {
            hook.Map(mapping);
        }

        return mapping.Claims.Where(c => c.Value is not null)
            .ToDictionary(c => c.Key, c => JsonSerializer.SerializeToElement(c.Value), StringComparer.Ordinal);
    }
}
