using CleanProxy.IntegrationTests.Support;

namespace CleanProxy.IntegrationTests.Clients;

/// <summary>
/// mcp-remote (npm, pinned in tests/EndToEnd/package-lock.json), launched over stdio the way desktop hosts launch it,
/// by tests/EndToEnd/mcp-remote-client.mjs: its own discovery, DCR, loopback callback listener and token request, with
/// tests/EndToEnd/fake-browser.mjs as the browser ($BROWSER) signing in at the dev IdP; then a second run whose stored
/// access token is dead must refresh without opening the browser.
/// </summary>
public sealed class McpRemoteClientTests(ProxyStack stack) : IClassFixture<ProxyStack>
{
    [Fact]
    public async Task McpRemote_SignsInThroughTheBrowser_CallsWhoAmI_ThenRefreshesWithoutTheBrowser()
    {
        var run = await NodeEndToEnd.RunAsync("mcp-remote-client.mjs", new Dictionary<string, string?>
        {
            ["CLEANPROXY_MCP_URL"] = stack.McpUrl,
            ["DEV_IDP_USERNAME"] = "alice",
            ["DEV_IDP_PASSWORD"] = "alice-password",
        }, TimeSpan.FromSeconds(120));
        TestContext.Current.TestOutputHelper?.WriteLine(run.Output);

        Assert.True(run.ExitCode == 0, run.Output);
        var result = Assert.IsType<System.Text.Json.Nodes.JsonObject>(run.Result, exactMatch: false);
        Assert.Equal("alice-0001", result["sub"]!.GetValue<string>());
        Assert.Contains("whoami", result["tools"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.True(result["refreshed"]!.GetValue<bool>());
    }
}
