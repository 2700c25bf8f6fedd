using System.Net;
using System.Text.Json.Nodes;
using CleanProxy.IntegrationTests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CleanProxy.IntegrationTests.Deployment;

/// <summary>
/// Behind a load balancer: forwarded headers are believed only from the configured proxies, the MCP server learns
/// the client's address from the proxy alone, and the issuer never comes from request headers.
/// </summary>
public sealed class ForwardedHeadersTests
{
    [Fact]
    public async Task WithoutConfiguredProxies_ClientSuppliedForwardedHeaders_NeverReachTheMcpServer()
    {
        await using var backend = await HeaderEchoBackend.StartAsync();
        await using var stack = await StartAsync(backend, trustLoopbackProxy: false);

        var seen = await CallGatewayAsync(stack, spoofedFor: "203.0.113.9", spoofedProto: "https");

        Assert.Equal("127.0.0.1", seen["x-forwarded-for"]!.GetValue<string>());
        Assert.Equal("http", seen["x-forwarded-proto"]!.GetValue<string>());
    }

    [Fact]
    public async Task FromAConfiguredProxy_ForwardedForAndProto_AreHonoured()
    {
        await using var backend = await HeaderEchoBackend.StartAsync();
        await using var stack = await StartAsync(backend, trustLoopbackProxy: true);

        var seen = await CallGatewayAsync(stack, spoofedFor: "203.0.113.9", spoofedProto: "https");

        Assert.Equal("203.0.113.9", seen["x-forwarded-for"]!.GetValue<string>());
        Assert.Equal("https", seen["x-forwarded-proto"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Issuer_NeverComesFromRequestHeaders(bool trustLoopbackProxy)
    {
        await using var backend = await HeaderEchoBackend.StartAsync();
        await using var stack = await StartAsync(backend, trustLoopbackProxy);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, stack.ProxyUrl + "/.well-known/oauth-authorization-server");
        request.Headers.Host = "evil.example";
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        request.Headers.Add("X-Forwarded-Proto", "https");

        using var response = await http.SendAsync(request);
        var metadata = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(stack.ProxyUrl, metadata["issuer"]!.GetValue<string>());
        Assert.StartsWith(stack.ProxyUrl + "/", metadata["token_endpoint"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static async Task<ProxyStack> StartAsync(HeaderEchoBackend backend, bool trustLoopbackProxy)
    {
        var settings = new Dictionary<string, string?> { ["CleanProxy:Gateway:Backend"] = backend.Url + "/mcp" };
        if (trustLoopbackProxy)
        {
            settings["CleanProxy:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1";
        }

        var stack = new ProxyStack(settings);
        await stack.InitializeAsync();
        return stack;
    }

    private static async Task<JsonNode> CallGatewayAsync(ProxyStack stack, string spoofedFor, string spoofedProto)
    {
        using var client = new OAuthTestClient(stack);
        var (registered, code, verifier) = await client.AuthorizeAsync();
        var tokens = await client.ExchangeCodeAsync(registered, code, verifier);
        using var request = new HttpRequestMessage(HttpMethod.Post, stack.McpUrl) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", tokens.AccessToken);
        request.Headers.Add("X-Forwarded-For", spoofedFor);
        request.Headers.Add("X-Forwarded-Proto", spoofedProto);

        using var response = await client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>An MCP server stand-in that answers with the forwarded headers it received.</summary>
    private sealed class HeaderEchoBackend(WebApplication app, string url) : IAsyncDisposable
    {
        public string Url => url;

        public static async Task<HeaderEchoBackend> StartAsync()
        {
            var url = $"http://127.0.0.1:{FreePort.Next()}";
            var builder = WebApplication.CreateBuilder();
            builder.Configuration.Sources.Clear();
            builder.Configuration.AddInMemoryCollection();
            builder.WebHost.UseUrls(url);
            builder.Logging.ClearProviders();
            var app = builder.Build();
            app.MapPost("/mcp", (HttpRequest request) => Results.Json(new Dictionary<string, string>
            {
                ["x-forwarded-for"] = request.Headers["X-Forwarded-For"].ToString(),
                ["x-forwarded-proto"] = request.Headers["X-Forwarded-Proto"].ToString(),
            }));
            await app.StartAsync();
            return new HeaderEchoBackend(app, url);
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
