using System.Net;
using CleanProxy.Domain.Authorization;
using CleanProxy.IntegrationTests.Endpoints;
using CleanProxy.IntegrationTests.Support;

namespace CleanProxy.IntegrationTests.Flow;

/// <summary>
/// Lifetimes, proven by moving the proxy's clock. Each test gets its own stack, because a clock moved by hours would
/// make the next sign-in's fresh id_token look stale.
/// </summary>
public sealed class ExpiryTests
{
    [Fact]
    public async Task ExpiredAuthorizationCode_IsInvalidGrant()
    {
        await using var stack = await StartAsync();
        using var client = new OAuthTestClient(stack);
        var (registered, code, verifier) = await client.AuthorizeAsync();

        stack.Clock.Advance(AuthorizationCode.Lifetime);
        var result = await client.ExchangeCodeAsync(registered, code, verifier);

        result.AssertError(HttpStatusCode.BadRequest, "invalid_grant");
        Assert.Contains("expired", result.Body["error_description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpiredSignInState_AtTheCallback_GetsAnErrorPage()
    {
        await using var stack = await StartAsync();
        using var client = new OAuthTestClient(stack);
        var registered = await client.RegisterAsync();
        using var browser = new UserAgent();
        var callback = await browser.LoginAtIdentityProviderAsync(client.AuthorizeUrl(registered, Pkce.ComputeS256Challenge(Pkce.CreateVerifier())), registered.RedirectUri);

        stack.Clock.Advance(PendingAuthorization.Lifetime);
        var response = await browser.GetAsync(callback);

        await AuthorizeEndpointTests.AssertErrorPageAsync(response, "invalid_request");
    }

    [Fact]
    public async Task ExpiredAccessToken_Is401AtTheGateway_AndRefreshGivesAWorkingOne()
    {
        await using var stack = await StartAsync(new Dictionary<string, string?> { ["CleanProxy:Auth:Refresh:AccessTokenTtl"] = "600" });
        using var client = new OAuthTestClient(stack);
        var (registered, code, verifier) = await client.AuthorizeAsync();
        var tokens = await client.ExchangeCodeAsync(registered, code, verifier);

        stack.Clock.Advance(TimeSpan.FromSeconds(600 + 31)); // lifetime + the gateway's 30 s clock skew
        var (status, _, response) = await McpHttp.CallAsync(client.Http, stack.McpUrl, tokens.AccessToken, "initialize", McpHttp.InitializeParams);
        var refreshed = await client.RefreshAsync(registered, tokens.RefreshToken);
        var (statusAfterRefresh, _, _) = await McpHttp.CallAsync(client.Http, stack.McpUrl, refreshed.AccessToken, "initialize", McpHttp.InitializeParams);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("expired", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, statusAfterRefresh);
    }

    [Fact]
    public async Task ExpiredUpstreamAccessToken_Is401AtTheGateway_SoTheClientSignsInAgain()
    {
        // Proxy tokens outlive the upstream one here: 2 h against the dev IdP's 1 h.
        await using var stack = await StartAsync(new Dictionary<string, string?> { ["CleanProxy:Auth:Refresh:AccessTokenTtl"] = "7200" });
        using var client = new OAuthTestClient(stack);
        var (registered, code, verifier) = await client.AuthorizeAsync();
        var tokens = await client.ExchangeCodeAsync(registered, code, verifier);

        stack.Clock.Advance(TimeSpan.FromSeconds(3601));
        var (status, _, response) = await McpHttp.CallAsync(client.Http, stack.McpUrl, tokens.AccessToken, "initialize", McpHttp.InitializeParams);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.Contains("resource_metadata=", challenge, StringComparison.Ordinal);
        Assert.Contains("error=\"invalid_token\"", challenge, StringComparison.Ordinal);
        Assert.Contains("identity provider", challenge, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpiredRefreshToken_IsInvalidGrant()
    {
        await using var stack = await StartAsync();
        using var client = new OAuthTestClient(stack);
        var (registered, code, verifier) = await client.AuthorizeAsync();
        var tokens = await client.ExchangeCodeAsync(registered, code, verifier);

        stack.Clock.Advance(TimeSpan.FromSeconds(604800));
        var result = await client.RefreshAsync(registered, tokens.RefreshToken);

        result.AssertError(HttpStatusCode.BadRequest, "invalid_grant");
    }

    private static async Task<ProxyStack> StartAsync(Dictionary<string, string?>? proxySettings = null)
    {
        var stack = new ProxyStack(proxySettings ?? []);
        await stack.InitializeAsync();
        return stack;
    }
}
