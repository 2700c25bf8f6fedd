using System.Net;
using System.Text.Json.Nodes;
using CleanProxy.Domain.Authorization;
using CleanProxy.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;

namespace CleanProxy.IntegrationTests.Flow;

/// <summary>
/// The product's main job, step by step as an MCP client drives it: discovery from a 401, registration, the user's
/// sign-in at the upstream IdP, tokens, the gateway forwarding the upstream token, refresh and refresh replay.
/// </summary>
public sealed class EndToEndFlowTests(ProxyStack stack) : IClassFixture<ProxyStack>
{
    [Fact]
    public async Task McpClient_SignsInThroughTheProxy_AndTheMcpServerSeesTheUpstreamIdentity()
    {
        using var client = new OAuthTestClient(stack);
        var http = client.Http;

        // 1. The MCP endpoint without a token points the client at the protected resource metadata.
        var (status, _, unauthorized) = await McpHttp.CallAsync(http, stack.McpUrl, null, "initialize", McpHttp.InitializeParams);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        var prmUrl = stack.ProxyUrl + "/.well-known/oauth-protected-resource/mcp";
        Assert.Equal($"Bearer resource_metadata=\"{prmUrl}\"", unauthorized.Headers.WwwAuthenticate.ToString());

        // 2. Protected resource metadata (RFC 9728), at the path-inserted URL and at the root.
        foreach (var url in new[] { prmUrl, stack.ProxyUrl + "/.well-known/oauth-protected-resource" })
        {
            var prm = JsonNode.Parse(await http.GetStringAsync(url))!;
            Assert.Equal(stack.McpUrl, prm["resource"]!.GetValue<string>());
            Assert.Equal(stack.ProxyUrl, prm["authorization_servers"]![0]!.GetValue<string>());
            Assert.Equal("header", prm["bearer_methods_supported"]![0]!.GetValue<string>());
            Assert.NotEmpty(prm["scopes_supported"]!.AsArray());
        }

        // 3. Authorization server metadata (RFC 8414) and its OIDC twin, with the issuer byte for byte.
        JsonNode metadata = null!;
        foreach (var path in new[] { "/.well-known/oauth-authorization-server", "/.well-known/openid-configuration" })
        {
            metadata = JsonNode.Parse(await http.GetStringAsync(stack.ProxyUrl + path))!;
            Assert.Equal(stack.ProxyUrl, metadata["issuer"]!.GetValue<string>());
            Assert.Equal(stack.ProxyUrl + "/oauth/authorize", metadata["authorization_endpoint"]!.GetValue<string>());
            Assert.Equal(stack.ProxyUrl + "/oauth/token", metadata["token_endpoint"]!.GetValue<string>());
            Assert.Equal(stack.ProxyUrl + "/oauth/register", metadata["registration_endpoint"]!.GetValue<string>());
            Assert.Equal(stack.ProxyUrl + "/.well-known/jwks.json", metadata["jwks_uri"]!.GetValue<string>());
            Assert.Equal(["code"], metadata["response_types_supported"]!.AsArray().Select(n => n!.GetValue<string>()));
            Assert.Equal(["S256"], metadata["code_challenge_methods_supported"]!.AsArray().Select(n => n!.GetValue<string>()));
            Assert.Contains("refresh_token", metadata["grant_types_supported"]!.AsArray().Select(n => n!.GetValue<string>()));
            Assert.Contains("none", metadata["token_endpoint_auth_methods_supported"]!.AsArray().Select(n => n!.GetValue<string>()));
        }

        // 4. Dynamic client registration of a public client.
        var registered = await client.RegisterAsync();

        // 5–6. The user signs in at the upstream IdP; the proxy's code comes back with the client's state and iss.
        var verifier = Pkce.CreateVerifier();
        using var browser = new UserAgent();
        var redirect = await browser.SignInAsync(client.AuthorizeUrl(registered, Pkce.ComputeS256Challenge(verifier), state: "xyz-state"), registered.RedirectUri);
        Assert.StartsWith(registered.RedirectUri + "?", redirect.ToString(), StringComparison.Ordinal);
        var response = UserAgent.QueryOf(redirect);
        Assert.Equal("xyz-state", response["state"]);
        Assert.Equal(stack.ProxyUrl, response["iss"]);
        Assert.StartsWith("fac_", response["code"], StringComparison.Ordinal);

        // The upstream tokens are in the vault, encrypted: the stored value is not a token the IdP would accept.
        var vault = await stack.QueryDatabaseAsync(db => db.UpstreamTokens.AsNoTracking()
            .SingleAsync(v => db.Sessions.Any(s => s.Id == v.SessionId && s.ClientId == registered.ClientId)));
        Assert.StartsWith("CfDJ8", vault.ProtectedAccessToken, StringComparison.Ordinal);

        // 7. Code exchange: a signed JWT access token for the MCP resource and a refresh token.
        var tokens = await client.ExchangeCodeAsync(registered, response["code"], verifier);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        Assert.Equal("no-store", tokens.CacheControl);
        Assert.Equal("Bearer", tokens.Body["token_type"]!.GetValue<string>());
        Assert.Equal(3600, tokens.Body["expires_in"]!.GetValue<int>());
        Assert.StartsWith("frt_", tokens.RefreshToken, StringComparison.Ordinal);
        Assert.Equal("openid profile", tokens.Body["scope"]!.GetValue<string>());

        var jwt = new JsonWebToken(tokens.AccessToken);
        Assert.Equal("at+jwt", jwt.Typ);
        Assert.Equal("ES256", jwt.Alg);
        Assert.Equal(stack.ProxyUrl, jwt.Issuer);
        Assert.Equal([stack.McpUrl], jwt.Audiences);
        Assert.Equal("alice-0001", jwt.Subject);
        Assert.Equal(registered.ClientId, jwt.GetClaim("client_id").Value);
        Assert.Equal("openid profile", jwt.GetClaim("scope").Value);
        Assert.True(Guid.TryParse(jwt.GetClaim("sid").Value, out _));
        Assert.False(string.IsNullOrEmpty(jwt.Id));

        // 9. The key that signed it is published.
        var jwks = JsonNode.Parse(await http.GetStringAsync(metadata["jwks_uri"]!.GetValue<string>()))!;
        Assert.Contains(jwt.Kid, jwks["keys"]!.AsArray().Select(k => k!["kid"]!.GetValue<string>()));

        // 10. Through the gateway, the MCP server sees alice's upstream token: its whoami asks the IdP's userinfo.
        var whoami = await CallWhoAmIAsync(http, tokens.AccessToken);
        Assert.Equal("alice-0001", whoami["sub"]!.GetValue<string>());
        Assert.Equal("Engineering", whoami["department"]!.GetValue<string>());

        // 8. Refresh rotates: a new refresh token, and the new access token works at the gateway.
        var refreshed = await client.RefreshAsync(registered, tokens.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.NotEqual(tokens.RefreshToken, refreshed.RefreshToken);
        Assert.Equal("alice-0001", (await CallWhoAmIAsync(http, refreshed.AccessToken))["sub"]!.GetValue<string>());

        // Replaying the rotated refresh token (after the reuse grace window, default 10 s) revokes the whole family:
        // neither token works any more, nor does the gateway accept the family's access tokens.
        stack.Clock.Advance(TimeSpan.FromSeconds(11));
        var replay = await client.RefreshAsync(registered, tokens.RefreshToken);
        replay.AssertError(HttpStatusCode.BadRequest, "invalid_grant");
        (await client.RefreshAsync(registered, refreshed.RefreshToken)).AssertError(HttpStatusCode.BadRequest, "invalid_grant");
        var (gatewayStatus, _, revoked) = await McpHttp.CallAsync(http, stack.McpUrl, refreshed.AccessToken, "initialize", McpHttp.InitializeParams);
        Assert.Equal(HttpStatusCode.Unauthorized, gatewayStatus);
        Assert.Contains("error=\"invalid_token\"", revoked.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("client_secret_basic")]
    [InlineData("client_secret_post")]
    public async Task ConfidentialClient_AuthenticatesAsRegistered_AndItsSecretIsStoredOnlyHashed(string authMethod)
    {
        using var client = new OAuthTestClient(stack);
        var (registered, code, verifier) = await client.AuthorizeAsync(authMethod);
        Assert.StartsWith("cps_", registered.ClientSecret, StringComparison.Ordinal);

        var tokens = await client.ExchangeCodeAsync(registered, code, verifier);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);

        var stored = await stack.QueryDatabaseAsync(db => db.Clients.AsNoTracking().SingleAsync(c => c.ClientId == registered.ClientId));
        Assert.StartsWith("pbkdf2-sha256$", stored.SecretHash, StringComparison.Ordinal);
        Assert.DoesNotContain(registered.ClientSecret!, stored.SecretHash!, StringComparison.Ordinal);
    }

    /// <summary>initialize, then tools/call whoami through the gateway; returns the userinfo the MCP server saw.</summary>
    private async Task<JsonNode> CallWhoAmIAsync(HttpClient http, string accessToken)
    {
        var (initStatus, init, _) = await McpHttp.CallAsync(http, stack.McpUrl, accessToken, "initialize", McpHttp.InitializeParams);
        Assert.Equal(HttpStatusCode.OK, initStatus);
        Assert.NotNull(init!["result"]);

        var (status, message, _) = await McpHttp.CallAsync(http, stack.McpUrl, accessToken, "tools/call", new { name = "whoami", arguments = new { } }, id: 2);
        Assert.Equal(HttpStatusCode.OK, status);
        var result = message!["result"]!;
        Assert.NotEqual(true, result["isError"]?.GetValue<bool>());
        return JsonNode.Parse(result["content"]![0]!["text"]!.GetValue<string>())!;
    }
}
