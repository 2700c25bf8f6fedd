using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CleanProxy.IntegrationTests.Support;

namespace CleanProxy.IntegrationTests.Gateway;

/// <summary>Streamable HTTP through the gateway: an SSE response arrives event by event, not buffered to the end.</summary>
public sealed class GatewayStreamingTests(ProxyStack stack) : IClassFixture<ProxyStack>
{
    [Fact]
    public async Task ProgressNotifications_StreamThroughTheGateway_BeforeTheToolFinishes()
    {
        using var client = new OAuthTestClient(stack);
        var (registered, code, verifier) = await client.AuthorizeAsync();
        var token = (await client.ExchangeCodeAsync(registered, code, verifier)).AccessToken;
        var (initStatus, _, _) = await McpHttp.CallAsync(client.Http, stack.McpUrl, token, "initialize", McpHttp.InitializeParams);
        Assert.Equal(HttpStatusCode.OK, initStatus);

        // The sample's count tool sends one progress notification every 100 ms, then its result.
        using var request = new HttpRequestMessage(HttpMethod.Post, stack.McpUrl)
        {
            Content = new StringContent(
                JsonSerializer.Serialize(new { jsonrpc = "2.0", id = 7, method = "tools/call", @params = new { name = "count", arguments = new { n = 8 }, _meta = new { progressToken = "p1" } } }),
                Encoding.UTF8,
                "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", "2025-11-25");

        var clock = Stopwatch.StartNew();
        using var response = await client.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);

        var arrivals = new List<(TimeSpan At, string Data)>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                arrivals.Add((clock.Elapsed, line[5..].Trim()));
            }
        }

        var progress = arrivals.Where(a => a.Data.Contains("notifications/progress", StringComparison.Ordinal)).ToList();
        var result = arrivals.Single(a => a.Data.Contains("\"id\":7", StringComparison.Ordinal));
        Assert.Equal(8, progress.Count);
        Assert.Contains("1 2 3 4 5 6 7 8", result.Data, StringComparison.Ordinal);

        // Unbuffered: the first notification reached the client long before the stream ended (~700 ms later).
        Assert.True(result.At - progress[0].At > TimeSpan.FromMilliseconds(400), $"first event at {progress[0].At}, result at {result.At}");
    }
}
