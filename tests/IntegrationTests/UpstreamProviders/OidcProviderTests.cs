using CleanProxy.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;

namespace CleanProxy.IntegrationTests.UpstreamProviders;

/// <summary>
/// CleanProxy against a real, independent OpenID provider (the certified npm package oidc-provider): its discovery,
/// its keys, its client authentication, its login pages and its userinfo — not the development IdP written here.
/// </summary>
public sealed class OidcProviderTests(OidcProviderStack stack) : IClassFixture<OidcProviderStack>
{
    [Fact]
    public async Task UserSignsInAtOidcProvider_AndTheMcpServerSeesOidcProvidersTokenThroughTheGateway()
    {
        using var client = new OAuthTestClient(stack);
        var (_, tokens) = await OidcProviderSignIn.SignInAsync(client);

        var jwt = new JsonWebToken(tokens.AccessToken);
        Assert.Equal("carol-0042", jwt.Subject);
        Assert.Equal(stack.ProxyUrl, jwt.Issuer);

        // The Echo MCP server asks oidc-provider's userinfo with the token the gateway forwarded: only a token
        // oidc-provider issued gets carol's claims back.
        var whoami = await OidcProviderSignIn.WhoAmIAsync(client.Http, stack.McpUrl, tokens.AccessToken);
        Assert.Equal("carol-0042", whoami["sub"]!.GetValue<string>());
        Assert.Equal("Research", whoami["department"]!.GetValue<string>());

        // offline_access was asked for upstream, so the vault holds oidc-provider's refresh token and a short expiry.
        var sessionId = Guid.Parse(jwt.GetClaim("sid").Value);
        var vault = await stack.QueryDatabaseAsync(db => db.UpstreamTokens.AsNoTracking().SingleAsync(v => v.SessionId == sessionId));
        Assert.NotNull(vault.ProtectedRefreshToken);
        Assert.InRange(vault.AccessTokenExpiresAt!.Value - stack.Clock.GetUtcNow(), TimeSpan.Zero, TimeSpan.FromSeconds(OidcProviderStack.AccessTokenTtlSeconds));

        // The userinfo claims (beyond the id_token's) are kept on the session for the proxy's tokens.
        var session = await stack.QueryDatabaseAsync(db => db.Sessions.AsNoTracking().SingleAsync(s => s.Id == sessionId));
        Assert.Contains("\"employee_number\":\"E-4242\"", session.IdentityClaimsJson, StringComparison.Ordinal);
        Assert.Equal(1, (await stack.OidcProvider.GetStatsAsync(client.Http))["authorizationCodeGrants"]!.GetValue<int>());
    }
}
