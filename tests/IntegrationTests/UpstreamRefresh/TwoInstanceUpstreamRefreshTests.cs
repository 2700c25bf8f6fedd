using System.Net;
using System.Text.Json.Nodes;
using CleanProxy.IntegrationTests.Support;

namespace CleanProxy.IntegrationTests.UpstreamRefresh;

/// <summary>Two proxy instances on one database, upstream refresh on, offline_access asked of the development IdP.</summary>
public sealed class TwoInstanceRefreshStack() : ProxyStack(new Dictionary<string, string?>
{
    ["CleanProxy:Auth:Remote:RefreshUpstream"] = "true",
    ["CleanProxy:Auth:Remote:Scopes:3"] = "offline_access",
});

/// <summary>
/// The development IdP revokes the whole grant when a refresh token is presented twice, as many real IdPs do; so
/// a double refresh would show both in its counters and as failures at the gateway.
/// </summary>
public sealed class TwoInstanceUpstreamRefreshTests(TwoInstanceRefreshStack stack) : IClassFixture<TwoInstanceRefreshStack>
{
    [Fact]
    public async Task ManyConcurrentRequests_AcrossTwoInstancesSharingOneDatabase_RefreshUpstreamExactlyOnce()
    {
        using var client = new OAuthTestClient(stack);
        var (registered, code, verifier) = await client.AuthorizeAsync();
        var tokens = await client.ExchangeCodeAsync(registered, code, verifier);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        var secondInstance = await stack.StartAnotherProxyInstanceAsync();
        var before = await StatsAsync(client.Http);

        // The development IdP's access tokens live an hour: 59.5 minutes on, they expire within the 60 s skew.
        stack.Clock.Advance(TimeSpan.FromMinutes(59.5));
        var calls = Enumerable.Range(0, 24).Select(i => McpHttp.CallAsync(
            client.Http, (i % 2 == 0 ? stack.ProxyUrl : secondInstance) + "/mcp", tokens.AccessToken, "initialize", McpHttp.InitializeParams));
        var results = await Task.WhenAll(calls);

        Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        var after = await StatsAsync(client.Http);
        Assert.Equal(1, after["refreshTokenGrants"]!.GetValue<long>() - before["refreshTokenGrants"]!.GetValue<long>());
        Assert.Equal(0, after["refreshTokenReplays"]!.GetValue<long>());

        // Both instances go on forwarding the refreshed token without refreshing again.
        foreach (var instance in new[] { stack.ProxyUrl, secondInstance })
        {
            var (status, _, _) = await McpHttp.CallAsync(client.Http, instance + "/mcp", tokens.AccessToken, "initialize", McpHttp.InitializeParams);
            Assert.Equal(HttpStatusCode.OK, status);
        }

        Assert.Equal(1, (await StatsAsync(client.Http))["refreshTokenGrants"]!.GetValue<long>() - before["refreshTokenGrants"]!.GetValue<long>());
    }

    private async Task<JsonNode> StatsAsync(HttpClient http) => JsonNode.Parse(await http.GetStringAsync(stack.IdentityProviderUrl + "/dev/stats"))!;
}
