using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CleanProxy.IntegrationTests.Support;

namespace CleanProxy.IntegrationTests.Conformance;

/// <summary>The authorization endpoint's redirect URI rules (RFC 8252 §7.3, §8.4; OAuth 2.1 §2.3.1).</summary>
public sealed class AuthorizeConformanceTests(ProxyStack stack) : IClassFixture<ProxyStack>
{
    private const string Challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    [Theory]
    [InlineData("http://127.0.0.1/callback", "http://127.0.0.1:49152/callback")] // registered without a port
    [InlineData("http://127.0.0.1:1234/callback", "http://127.0.0.1:49152/callback")]
    [InlineData("http://localhost/callback", "http://localhost:50505/callback")]
    [InlineData("http://[::1]/callback", "http://[::1]:50505/callback")]
    public async Task LoopbackRedirectUri_MatchesOnAnyPort_RFC8252_7_3(string registered, string requested)
    {
        var client = await RegisterAsync(registered);

        using var response = await AuthorizeAsync(client, requested);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.StartsWith(stack.IdentityProviderUrl, response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://app.example/cb", "https://app.example/cb/")] // trailing slash
    [InlineData("https://app.example/cb", "https://APP.example/cb")] // host case: no normalisation
    [InlineData("https://app.example/cb", "https://app.example:443/cb")] // default port spelled out
    [InlineData("https://app.example/cb", "https://app.example/cb?x=1")]
    [InlineData("https://app.example/cb", "https://app.example/CB")]
    [InlineData("http://127.0.0.1/callback", "http://127.0.0.1:49152/other")] // loopback: only the port is free
    [InlineData("cursor://anysphere.cursor-mcp/oauth/callback", "cursor://anysphere.cursor-mcp/oauth/callback2")]
    public async Task OtherRedirectUris_MustMatchExactly_OtherwiseAnErrorPage_RFC6749_3_1_2_3(string registered, string requested)
    {
        var client = await RegisterAsync(registered);

        using var response = await AuthorizeAsync(client, requested);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task PrivateUseSchemeRedirectUri_IsHonoured_RFC8252_7_1()
    {
        var client = await RegisterAsync("cursor://anysphere.cursor-mcp/oauth/callback");

        using var response = await AuthorizeAsync(client, "cursor://anysphere.cursor-mcp/oauth/callback");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
    }

    [Fact]
    public async Task ErrorRedirect_CarriesIssAndState_RFC9207_2()
    {
        var client = await RegisterAsync("http://127.0.0.1/callback");
        var url = new OAuthTestClient(stack).AuthorizeUrl(new RegisteredTestClient(client, null, "none", "http://127.0.0.1:5000/callback"), Challenge, state: "s-1", extra: new() { ["resource"] = "https://elsewhere.example/mcp" });

        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        using var response = await http.GetAsync(url);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var query = UserAgent.QueryOf(response.Headers.Location!);
        Assert.Equal("invalid_target", query["error"]);
        Assert.Equal("s-1", query["state"]);
        Assert.Equal(stack.ProxyUrl, query["iss"]);
    }

    private async Task<string> RegisterAsync(string redirectUri)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsJsonAsync(stack.ProxyUrl + "/oauth/register", new { redirect_uris = new[] { redirectUri }, token_endpoint_auth_method = "none" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["client_id"]!.GetValue<string>();
    }

    private async Task<HttpResponseMessage> AuthorizeAsync(string clientId, string redirectUri)
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        return await http.GetAsync(new OAuthTestClient(stack).AuthorizeUrl(new RegisteredTestClient(clientId, null, "none", redirectUri), Challenge));
    }
}

/// <summary>Scope handling at the authorization endpoint (RFC 6749 §3.3): narrowed by default, refused when strict.</summary>
public sealed class AuthorizeScopeConformanceTests
{
    [Fact]
    public async Task UnknownScope_IsNarrowedAway_ByDefault_RFC6749_3_3()
    {
        await using var stack = new ProxyStack();
        await stack.InitializeAsync();

        using var response = await AuthorizeAsync(stack, "openid unknown:scope");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.StartsWith(stack.IdentityProviderUrl, response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownScope_IsInvalidScope_WhenConfiguredStrict_RFC6749_4_1_2_1()
    {
        await using var stack = new ProxyStack(new Dictionary<string, string?> { ["CleanProxy:Auth:RejectUnknownScopes"] = "true" });
        await stack.InitializeAsync();

        using var response = await AuthorizeAsync(stack, "openid unknown:scope");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var query = UserAgent.QueryOf(response.Headers.Location!);
        Assert.Equal("invalid_scope", query["error"]);
        Assert.Contains("unknown:scope", query["error_description"], StringComparison.Ordinal);
        Assert.Equal(stack.ProxyUrl, query["iss"]);
    }

    private static async Task<HttpResponseMessage> AuthorizeAsync(ProxyStack stack, string scope)
    {
        using var oauth = new OAuthTestClient(stack);
        var client = await oauth.RegisterAsync();
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        return await http.GetAsync(oauth.AuthorizeUrl(client, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", extra: new() { ["scope"] = scope }));
    }
}
