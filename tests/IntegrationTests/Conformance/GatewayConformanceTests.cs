using System.Net;
using CleanProxy.Domain.Authorization;
using CleanProxy.IntegrationTests.Support;

namespace CleanProxy.IntegrationTests.Conformance;

/// <summary>The protected resource's answers (RFC 6750 §3, RFC 9728 §5.1) with <c>Gateway:RequiredScopes</c> set.</summary>
public sealed class GatewayConformanceTests
{
    [Fact]
    public async Task TokenWithoutTheRequiredScope_Is403InsufficientScope_NamingTheScopes_RFC6750_3_1()
    {
        await using var stack = await StartAsync(requiredScope: "email");
        var token = await SignInAsync(stack, scope: "openid profile");

        using var http = new HttpClient();
        var (status, _, response) = await McpHttp.CallAsync(http, stack.McpUrl, token, "initialize", McpHttp.InitializeParams);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Contains("error=\"insufficient_scope\"", challenge.Parameter, StringComparison.Ordinal);
        Assert.Contains("scope=\"email\"", challenge.Parameter, StringComparison.Ordinal);
        Assert.Contains($"resource_metadata=\"{stack.ProxyUrl}/.well-known/oauth-protected-resource/mcp\"", challenge.Parameter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenWithTheRequiredScope_GetsThrough()
    {
        await using var stack = await StartAsync(requiredScope: "email");
        var token = await SignInAsync(stack, scope: "openid email");

        using var http = new HttpClient();
        var (status, message, _) = await McpHttp.CallAsync(http, stack.McpUrl, token, "initialize", McpHttp.InitializeParams);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(message!["result"]);
    }

    private static async Task<ProxyStack> StartAsync(string requiredScope)
    {
        var stack = new ProxyStack(new Dictionary<string, string?> { ["CleanProxy:Gateway:RequiredScopes:0"] = requiredScope });
        await stack.InitializeAsync();
        return stack;
    }

    private static async Task<string> SignInAsync(ProxyStack stack, string scope)
    {
        using var oauth = new OAuthTestClient(stack);
        var client = await oauth.RegisterAsync();
        var verifier = Pkce.CreateVerifier();
        using var browser = new UserAgent();
        var redirect = await browser.SignInAsync(
            oauth.AuthorizeUrl(client, Pkce.ComputeS256Challenge(verifier), extra: new() { ["scope"] = scope }), client.RedirectUri);
        var tokens = await oauth.ExchangeCodeAsync(client, UserAgent.QueryOf(redirect)["code"], verifier);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        return tokens.AccessToken;
    }
}
