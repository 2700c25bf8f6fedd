using CleanProxy.IntegrationTests.Support;

namespace CleanProxy.IntegrationTests.Clients;

/// <summary>
/// The official TypeScript MCP SDK client (npm @modelcontextprotocol/sdk, pinned in tests/EndToEnd/package-lock.json)
/// runs tests/EndToEnd/typescript-sdk-client.mjs against the real stack: discovery from the gateway's 401, DCR,
/// authorization code + PKCE with the user signing in at the dev IdP, token, MCP initialize + tools/list + whoami,
/// refresh with rotation, whoami again.
/// </summary>
public sealed class TypeScriptSdkClientTests(ProxyStack stack) : IClassFixture<ProxyStack>
{
    [Fact]
    public async Task TypeScriptSdkClient_SignsIn_CallsWhoAmI_Refreshes_AndCallsWhoAmIAgain()
    {
        var run = await NodeEndToEnd.RunAsync("typescript-sdk-client.mjs", new Dictionary<string, string?>
        {
            ["CLEANPROXY_MCP_URL"] = stack.McpUrl,
            ["DEV_IDP_USERNAME"] = "bob",
            ["DEV_IDP_PASSWORD"] = "bob-password",
        }, TimeSpan.FromSeconds(90));
        TestContext.Current.TestOutputHelper?.WriteLine(run.Output);

        Assert.True(run.ExitCode == 0, run.Output);
        var result = Assert.IsType<System.Text.Json.Nodes.JsonObject>(run.Result, exactMatch: false);
        Assert.Equal("bob-0002", result["sub"]!.GetValue<string>());
        Assert.Contains("whoami", result["tools"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.True(result["refreshed"]!.GetValue<bool>());
    }
}
