using System.Net;
using CleanProxy.Domain.Authorization;
using CleanProxy.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace CleanProxy.IntegrationTests.Endpoints;

/// <summary>The proxy's callback from the upstream IdP: state must be known, fresh and unused.</summary>
public sealed class CallbackEndpointTests(ProxyStack stack) : IClassFixture<ProxyStack>
{
    [Fact]
    public async Task UnknownState_GetsAnErrorPage_AndCreatesNoSession()
    {
        using var browser = new UserAgent();
        var sessionsBefore = await stack.QueryDatabaseAsync(db => db.Sessions.CountAsync());

        var response = await browser.GetAsync(stack.ProxyUrl + "/oauth/callback?state=forged-state&code=forged-code");

        await AuthorizeEndpointTests.AssertErrorPageAsync(response, "invalid_request");
        Assert.Equal(sessionsBefore, await stack.QueryDatabaseAsync(db => db.Sessions.CountAsync()));
    }

    [Fact]
    public async Task MissingState_GetsAnErrorPage()
    {
        using var browser = new UserAgent();

        var response = await browser.GetAsync(stack.ProxyUrl + "/oauth/callback?code=abc");

        await AuthorizeEndpointTests.AssertErrorPageAsync(response, "invalid_request");
    }

    [Fact]
    public async Task ReplayedCallback_GetsAnErrorPage_AndIssuesNoSecondCode()
    {
        using var client = new OAuthTestClient(stack);
        var registered = await client.RegisterAsync();
        using var browser = new UserAgent();
        var callback = await browser.LoginAtIdentityProviderAsync(client.AuthorizeUrl(registered, Pkce.ComputeS256Challenge(Pkce.CreateVerifier())), registered.RedirectUri);

        var first = await browser.GetAsync(callback);
        var codesAfterFirst = await stack.QueryDatabaseAsync(db => db.AuthorizationCodes.CountAsync());
        var second = await browser.GetAsync(callback);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Contains("code", UserAgent.QueryOf(first.Headers.Location!).Keys);
        await AuthorizeEndpointTests.AssertErrorPageAsync(second, "invalid_request");
        Assert.Equal(codesAfterFirst, await stack.QueryDatabaseAsync(db => db.AuthorizationCodes.CountAsync()));
    }

    [Fact]
    public async Task UserDeniesAtTheIdentityProvider_ClientGetsAccessDenied_WithStateAndIss()
    {
        using var client = new OAuthTestClient(stack);
        var registered = await client.RegisterAsync();
        using var browser = new UserAgent();

        var redirect = await browser.SignInAsync(
            client.AuthorizeUrl(registered, Pkce.ComputeS256Challenge(Pkce.CreateVerifier()), state: "deny-state"), registered.RedirectUri, deny: true);

        Assert.StartsWith(registered.RedirectUri + "?", redirect.ToString(), StringComparison.Ordinal);
        var query = UserAgent.QueryOf(redirect);
        Assert.Equal("access_denied", query["error"]);
        Assert.False(string.IsNullOrWhiteSpace(query["error_description"]));
        Assert.Equal("deny-state", query["state"]);
        Assert.Equal(stack.ProxyUrl, query["iss"]);
        Assert.DoesNotContain("code", query.Keys);
    }

    [Fact]
    public async Task UpstreamCodeRejectedByTheIdentityProvider_ClientGetsServerError_NotAStackTrace()
    {
        using var client = new OAuthTestClient(stack);
        var registered = await client.RegisterAsync();
        using var browser = new UserAgent();
        var callback = await browser.LoginAtIdentityProviderAsync(client.AuthorizeUrl(registered, Pkce.ComputeS256Challenge(Pkce.CreateVerifier()), state: "st"), registered.RedirectUri);

        // Same state, but a code the IdP never issued.
        var tampered = System.Text.RegularExpressions.Regex.Replace(callback, "code=[^&]+", "code=not-a-real-code");
        var response = await browser.GetAsync(tampered);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var query = UserAgent.QueryOf(response.Headers.Location!);
        Assert.Equal("server_error", query["error"]);
        Assert.Equal("st", query["state"]);
        Assert.Equal(stack.ProxyUrl, query["iss"]);
    }
}
