using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CleanProxy.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting.Server;

namespace CleanProxy.IntegrationTests.Deployment;

/// <summary>An instance told to stop (SIGTERM during a rolling update) finishes what it is streaming, then refuses new work.</summary>
public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task StoppingAnInstance_LetsAnInFlightGatewayStreamFinishCleanly_ThenTakesNoNewRequests()
    {
        await using var stack = new ProxyStack();
        await stack.InitializeAsync();
        using var client = new OAuthTestClient(stack);
        var (registered, code, verifier) = await client.AuthorizeAsync();
        var token = (await client.ExchangeCodeAsync(registered, code, verifier)).AccessToken;

        // The sample's count tool streams one progress event every 100 ms: 15 of them take 1.5 s.
        using var request = new HttpRequestMessage(HttpMethod.Post, stack.McpUrl)
        {
            Content = new StringContent(
                JsonSerializer.Serialize(new { jsonrpc = "2.0", id = 9, method = "tools/call", @params = new { name = "count", arguments = new { n = 15 }, _meta = new { progressToken = "p" } } }),
                Encoding.UTF8,
                "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", "2025-11-25");
        using var response = await client.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        // What the host does on SIGTERM: Kestrel stops accepting and waits for in-flight requests.
        var lines = new List<string>();
        Task? stopping = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            lines.Add(line);
            if (stopping is null && line.Contains("notifications/progress", StringComparison.Ordinal))
            {
                stopping = stack.ProxyServices.GetRequiredService<IServer>().StopAsync(CancellationToken.None);
            }
        }

        Assert.NotNull(stopping);
        Assert.False(stopping.IsFaulted);
        Assert.Contains(lines, l => l.Contains("\"id\":9", StringComparison.Ordinal) && l.Contains(string.Join(' ', Enumerable.Range(1, 15)), StringComparison.Ordinal));

        await WaitUntilRefusedAsync(stack.ProxyUrl + "/health/live");
    }

    private static async Task WaitUntilRefusedAsync(string url)
    {
        using var http = new HttpClient();
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var _ = await http.GetAsync(url);
            }
            catch (HttpRequestException)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("the stopped instance still answers");
    }
}
