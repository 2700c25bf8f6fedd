using System.Net;
using CleanProxy.Domain.Authorization;
using CleanProxy.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace CleanProxy.IntegrationTests.Endpoints;

/// <summary>
/// The authorization endpoint's refusals (RFC 6749 §4.1.2.1): an untrusted client or redirect URI gets an error page
/// and never a redirect; every other error is redirected to the client with its state and iss (RFC 9207). None of
/// them leaves a pending authorization behind.
/// </summary>
public sealed class AuthorizeEndpointTests(ProxyStack stack) : IClassFixture<ProxyStack>
{
    private static readonly string Challenge = Pkce.ComputeS256Challenge(Pkce.CreateVerifier());

    [Fact]
    public async Task UnknownClientId_GetsAnErrorPage_NeverARedirect()
    {
        using var client = new OAuthTestClient(stack);
        var unknown = new RegisteredTestClient("no-such-client", null, "none", OAuthTestClient.RedirectUri);

        var response = await SendWithoutWritingAsync(client.AuthorizeUrl(unknown, Challenge));

        await AssertErrorPageAsync(response, "invalid_client");
    }

    [Theory]
    [InlineData("http://127.0.0.1:33418/other")]
    [InlineData("https://attacker.example/callback")]
    [InlineData("http://127.0.0.1:33418/callback/")]
    public async Task UnregisteredRedirectUri_GetsAnErrorPage_NeverARedirect(string redirectUri)
    {
        using var client = new OAuthTestClient(stack);
        var registered = await client.RegisterAsync();

        var response = await SendWithoutWritingAsync(client.AuthorizeUrl(registered with { RedirectUri = redirectUri }, Challenge));

        await AssertErrorPageAsync(response, "invalid_request");
    }

    [Fact]
    public async Task LoopbackRedirectUri_OnAnotherPort_IsAccepted_RFC8252_7_3()
    {
        using var client = new OAuthTestClient(stack);
        var registered = await client.RegisterAsync();

        using var browser = new UserAgent();
        var response = await browser.GetAsync(client.AuthorizeUrl(registered with { RedirectUri = "http://127.0.0.1:40001/callback" }, Challenge));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(stack.IdentityProviderUrl + "/authorize?", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("code_challenge", null, "invalid_request")]
    [InlineData("code_challenge_method", "plain", "invalid_request")]
    [InlineData("code_challenge_method", null, "invalid_request")]
    [InlineData("code_challenge", "too-short", "invalid_request")]
    [InlineData("response_type", "token", "unsupported_response_type")]
    [InlineData("response_type", null, "invalid_request")]
    [InlineData("resource", "https://other.example/mcp", "invalid_target")]
    [InlineData("scope", "admin superuser", "invalid_scope")]
    public async Task InvalidParameter_IsRedirectedToTheClient_WithStateAndIss(string parameter, string? value, string expectedError)
    {
        using var client = new OAuthTestClient(stack);
        var registered = await client.RegisterAsync();

        var response = await SendWithoutWritingAsync(client.AuthorizeUrl(registered, Challenge, state: "s-123", extra: new() { [parameter] = value }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(registered.RedirectUri + "?", location.ToString(), StringComparison.Ordinal);
        var query = UserAgent.QueryOf(location);
        Assert.Equal(expectedError, query["error"]);
        Assert.False(string.IsNullOrWhiteSpace(query["error_description"]));
        Assert.Equal("s-123", query["state"]);
        Assert.Equal(stack.ProxyUrl, query["iss"]);
    }

    [Fact]
    public async Task RepeatedParameter_GetsAnErrorPage()
    {
        using var client = new OAuthTestClient(stack);
        var registered = await client.RegisterAsync();

        var response = await SendWithoutWritingAsync(client.AuthorizeUrl(registered, Challenge) + "&state=second");

        await AssertErrorPageAsync(response, "invalid_request");
    }

    [Fact]
    public async Task ValidRequest_RedirectsUpstream_WithTheProxysOwnStateNonceAndPkce()
    {
        using var client = new OAuthTestClient(stack);
        var registered = await client.RegisterAsync();

        using var browser = new UserAgent();
        var response = await browser.GetAsync(client.AuthorizeUrl(registered, Challenge, state: "client-state"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var upstream = UserAgent.QueryOf(response.Headers.Location!);
        Assert.Equal(ProxyStack.UpstreamClientId, upstream["client_id"]);
        Assert.Equal(stack.ProxyUrl + "/oauth/callback", upstream["redirect_uri"]);
        Assert.Equal("code", upstream["response_type"]);
        Assert.Equal("S256", upstream["code_challenge_method"]);
        Assert.NotEqual(Challenge, upstream["code_challenge"]);
        Assert.NotEqual("client-state", upstream["state"]);
        Assert.False(string.IsNullOrEmpty(upstream["nonce"]));
        Assert.Equal("openid profile email", upstream["scope"]);
        Assert.DoesNotContain("resource", upstream.Keys);
    }

    private async Task<HttpResponseMessage> SendWithoutWritingAsync(string url)
    {
        var before = await stack.QueryDatabaseAsync(db => db.PendingAuthorizations.CountAsync());
        using var browser = new UserAgent();
        var response = await browser.GetAsync(url);
        Assert.Equal(before, await stack.QueryDatabaseAsync(db => db.PendingAuthorizations.CountAsync()));
        return response;
    }

    internal static async Task AssertErrorPageAsync(HttpResponseMessage response, string error)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"<code>{error}</code>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
