using System.Net;
using System.Text.Json;
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
        var grantsBefore = (await stack.OidcProvider.GetStatsAsync(client.Http))["authorizationCodeGrants"]!.GetValue<int>();
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
        // (Relative to before: the class's other tests share this provider and may run first.)
        Assert.Equal(grantsBefore + 1, (await stack.OidcProvider.GetStatsAsync(client.Http))["authorizationCodeGrants"]!.GetValue<int>());
    }

    [Fact]
    public async Task MappedClaimsFromOidcProvidersUserInfo_AreInTheAccessToken_AndStayTheSameAfterRefresh()
    {
        using var client = new OAuthTestClient(stack);
        var (registered, tokens) = await OidcProviderSignIn.SignInAsync(client);
        var refreshed = await client.RefreshAsync(registered, tokens.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);

        foreach (var accessToken in new[] { tokens.AccessToken, refreshed.AccessToken })
        {
            var jwt = new JsonWebToken(accessToken);
            Assert.Equal("E-4242", jwt.GetClaim("employee_id").Value);
            Assert.Equal(["mcp-users", "researchers"], jwt.GetPayloadValue<JsonElement>("roles").EnumerateArray().Select(r => r.GetString()));
            Assert.Equal("carol@example.test", jwt.GetClaim("email").Value);
            Assert.Equal("acme", jwt.GetClaim("tenant").Value);
            Assert.Equal("unassigned", jwt.GetClaim("cost_center").Value);

            // The proxy's own claims are untouched by the mapping.
            Assert.Equal("carol-0042", jwt.Subject);
            Assert.Equal(registered.ClientId, jwt.GetClaim("client_id").Value);
        }
    }

    [Fact]
    public async Task UserCancellingAtOidcProvider_ReachesTheClientAsAccessDenied_WithItsStateAndTheProxysIss()
    {
        using var client = new OAuthTestClient(stack);
        var registered = await client.RegisterAsync();
        using var browser = new OidcProviderBrowser();

        var redirect = await browser.SignInAsync(
            client.AuthorizeUrl(registered, CleanProxy.Domain.Authorization.Pkce.ComputeS256Challenge(CleanProxy.Domain.Authorization.Pkce.CreateVerifier()), state: "cancel-state"),
            registered.RedirectUri,
            deny: true);

        var query = UserAgent.QueryOf(redirect);
        Assert.Equal("access_denied", query["error"]);
        Assert.Equal("cancel-state", query["state"]);
        Assert.Equal(stack.ProxyUrl, query["iss"]);
        Assert.False(query.ContainsKey("code"));
    }
}
