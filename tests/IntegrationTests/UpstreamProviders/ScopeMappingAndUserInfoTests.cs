using System.Net;
using System.Text.Json.Nodes;
using CleanProxy.Domain.Authorization;
using CleanProxy.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace CleanProxy.IntegrationTests.UpstreamProviders;

/// <summary>
/// Proxy scopes mapped to upstream scopes (Auth:Remote:ScopeMapping), and sign-in without the userinfo endpoint
/// (Auth:Remote:UseUserInfo=false, for IdPs whose userinfo refuses the access token asked for).
/// </summary>
public sealed class ScopeMappingAndUserInfoTests
{
    [Theory]
    [InlineData("openid offline_access", "openid profile email offline_access")]
    [InlineData("openid profile", "openid profile email")]
    public async Task GrantedProxyScopes_AddTheirMappedUpstreamScopes_ToTheUpstreamAuthorizationRequest(string requested, string upstream)
    {
        await using var stack = await StartAsync(new() { ["CleanProxy:Auth:Remote:ScopeMapping:offline_access"] = "offline_access" });
        using var client = new OAuthTestClient(stack);
        var registered = await client.RegisterAsync();
        using var browser = new UserAgent();

        var response = await browser.GetAsync(client.AuthorizeUrl(registered, Pkce.ComputeS256Challenge(Pkce.CreateVerifier()), extra: new() { ["scope"] = requested }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(upstream, UserAgent.QueryOf(response.Headers.Location!)["scope"]);
    }

    [Fact]
    public async Task WithUserInfoOff_SignInUsesTheIdTokenAlone_AndNeverCallsUserInfo()
    {
        await using var stack = await StartAsync(new() { ["CleanProxy:Auth:Remote:UseUserInfo"] = "false" });
        using var client = new OAuthTestClient(stack);
        var userInfoCallsBefore = await UserInfoRequestsAsync(client.Http, stack);

        var (registered, code, verifier) = await client.AuthorizeAsync();
        var tokens = await client.ExchangeCodeAsync(registered, code, verifier);

        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        Assert.Equal(userInfoCallsBefore, await UserInfoRequestsAsync(client.Http, stack));
        var claims = await stack.QueryDatabaseAsync(db => db.Sessions.AsNoTracking().Where(s => s.ClientId == registered.ClientId).Select(s => s.IdentityClaimsJson).SingleAsync());
        Assert.Contains("\"email\":\"alice@example.test\"", claims, StringComparison.Ordinal); // from the id_token
        Assert.DoesNotContain("department", claims, StringComparison.Ordinal); // only userinfo has it
    }

    [Theory]
    [InlineData("CleanProxy:Auth:Remote:ScopeMapping:admin", "admin", "CleanProxy:Auth:Remote:ScopeMapping:admin")]
    [InlineData("CleanProxy:Auth:Remote:ScopeMapping:profile", "openid profile", "CleanProxy:Auth:Remote:ScopeMapping:profile")]
    [InlineData("CleanProxy:Auth:Remote:ScopeMapping:email", " ", "CleanProxy:Auth:Remote:ScopeMapping:email")]
    public async Task InvalidScopeMapping_StopsStartUp_NamingTheKey(string key, string value, string named)
    {
        var exception = await StartupProbe.RefusesToStartAsync(StartupProbe.ValidWith(key, value));

        Assert.Contains(exception.Failures, failure => failure.StartsWith(named, StringComparison.Ordinal));
    }

    [Fact]
    public async Task UserInfoOff_WithoutOpenId_StopsStartUp()
    {
        var settings = StartupProbe.ValidWith("CleanProxy:Auth:Remote:UseUserInfo", "false");
        settings["CleanProxy:Auth:Remote:Scopes:0"] = "read:user";

        var exception = await StartupProbe.RefusesToStartAsync(settings);

        Assert.Contains(exception.Failures, failure => failure.StartsWith("CleanProxy:Auth:Remote:UseUserInfo", StringComparison.Ordinal));
    }

    private static async Task<int> UserInfoRequestsAsync(HttpClient http, ProxyStack stack)
        => JsonNode.Parse(await http.GetStringAsync(stack.IdentityProviderUrl + "/dev/stats"))!["userinfoRequests"]!.GetValue<int>();

    private static async Task<ProxyStack> StartAsync(Dictionary<string, string?> proxySettings)
    {
        var stack = new ProxyStack(proxySettings);
        await stack.InitializeAsync();
        return stack;
    }
}
