using System.Net;
using System.Text.Json.Nodes;
using CleanProxy.Domain.Authorization;
using CleanProxy.IntegrationTests.Support;

namespace CleanProxy.IntegrationTests.UpstreamProviders;

/// <summary>The client's side of a sign-in through the proxy at oidc-provider, and an MCP whoami through the gateway.</summary>
internal static class OidcProviderSignIn
{
    public static async Task<(RegisteredTestClient Client, TokenResult Tokens)> SignInAsync(OAuthTestClient client, string scope = "openid profile")
    {
        var registered = await client.RegisterAsync();
        var verifier = Pkce.CreateVerifier();
        using var browser = new OidcProviderBrowser();
        var redirect = await browser.SignInAsync(
            client.AuthorizeUrl(registered, Pkce.ComputeS256Challenge(verifier), extra: new() { ["scope"] = scope }),
            registered.RedirectUri);
        var query = UserAgent.QueryOf(redirect);
        Assert.True(query.ContainsKey("code"), "Expected a code, got " + redirect);
        var tokens = await client.ExchangeCodeAsync(registered, query["code"], verifier);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        return (registered, tokens);
    }

    /// <summary>initialize, then tools/call whoami through the gateway; returns the userinfo the MCP server got.</summary>
    public static async Task<JsonNode> WhoAmIAsync(HttpClient http, string mcpUrl, string accessToken)
    {
        var (initStatus, _, _) = await McpHttp.CallAsync(http, mcpUrl, accessToken, "initialize", McpHttp.InitializeParams);
        Assert.Equal(HttpStatusCode.OK, initStatus);
        var (status, message, _) = await McpHttp.CallAsync(http, mcpUrl, accessToken, "tools/call", new { name = "whoami", arguments = new { } }, id: 2);
        Assert.Equal(HttpStatusCode.OK, status);
        var result = message!["result"]!;
        Assert.NotEqual(true, result["isError"]?.GetValue<bool>());
        return JsonNode.Parse(result["content"]![0]!["text"]!.GetValue<string>())!;
    }
}
