using CleanProxy.IntegrationTests.Support;
using ModelContextProtocol.Authentication;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using System.Text.Json.Nodes;

namespace CleanProxy.IntegrationTests.Clients;

/// <summary>
/// The official MCP C# SDK client (ModelContextProtocol 2.4.0) with its own OAuth support: it discovers the proxy from
/// the gateway's 401, registers itself, runs authorization code + PKCE (the callback below plays the user at the
/// development IdP's login form), and then lists and calls tools through the gateway.
/// </summary>
public sealed class McpCSharpSdkClientTests(ProxyStack stack) : IClassFixture<ProxyStack>
{
    private const string RedirectUri = "http://127.0.0.1:33419/callback";

    [Fact]
    public async Task OfficialSdkClient_CompletesTheOAuthFlow_AndCallsWhoAmIAsTheSignedInUser()
    {
        var signIns = 0;
        using var browser = new UserAgent();
        using var http = new HttpClient();
        await using var transport = new HttpClientTransport(
            new HttpClientTransportOptions
            {
                Endpoint = new Uri(stack.McpUrl),
                TransportMode = HttpTransportMode.StreamableHttp,
                OAuth = new ClientOAuthOptions
                {
                    RedirectUri = new Uri(RedirectUri),
                    DynamicClientRegistration = new DynamicClientRegistrationOptions { ClientName = "MCP C# SDK test client" },
                    AuthorizationCallbackHandler = async (context, cancellationToken) =>
                    {
                        Interlocked.Increment(ref signIns);
                        var redirect = await browser.SignInAsync(context.AuthorizationUri.ToString(), context.RedirectUri.ToString(), "bob", "bob-password");
                        var query = UserAgent.QueryOf(redirect);
                        return new AuthorizationResult { Code = query["code"], State = query["state"], Iss = query["iss"] };
                    },
                },
            },
            http,
            ownsHttpClient: false);

        await using var client = await McpClient.CreateAsync(transport, cancellationToken: TestContext.Current.CancellationToken);

        var tools = await client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);
        Assert.Contains(tools, t => t.Name == "whoami");

        var result = await client.CallToolAsync("whoami", cancellationToken: TestContext.Current.CancellationToken);
        Assert.NotEqual(true, result.IsError);
        var userInfo = JsonNode.Parse(Assert.IsType<TextContentBlock>(result.Content[0]).Text)!;
        Assert.Equal("bob-0002", userInfo["sub"]!.GetValue<string>());
        Assert.Equal("Sales", userInfo["department"]!.GetValue<string>());

        var echo = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "through the gateway" }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("through the gateway", Assert.IsType<TextContentBlock>(echo.Content[0]).Text);

        Assert.Equal(1, signIns);
    }
}
