using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CleanProxy.Domain.Authorization;
using CleanProxy.Infrastructure.Persistence;
using CleanProxy.WebApi;
using DevIdentityProvider;
using EchoMcpServer;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace CleanProxy.Bench;

/// <summary>
/// Starts the dev IdP, the sample MCP server and CleanProxy on loopback (SQLite in a temp folder), signs one user in
/// through the real flow, then times, sequentially and after a warm-up:
/// an MCP call straight to the MCP server (baseline) against the same call through the gateway, and a metadata GET
/// (the proxy's HTTP floor) against a refresh-token rotation (a token request: one transaction, one signature).
/// Ratios from one run on one machine are what to compare; absolute numbers depend on the machine.
/// </summary>
internal static partial class HotPathBenchmark
{
    public static async Task<int> RunAsync(int iterations)
    {
        var proxyUrl = $"http://127.0.0.1:{FreePort()}";
        var idpUrl = $"http://127.0.0.1:{FreePort()}";
        var mcpUrl = $"http://127.0.0.1:{FreePort()}";
        var dataDirectory = Directory.CreateTempSubdirectory("cleanproxy-bench").FullName;

        await using var idp = DevIdentityProviderApp.Build([], b => Configure(b, idpUrl, new()
        {
            ["DevIdentityProvider:Issuer"] = idpUrl,
            ["DevIdentityProvider:Clients:0:ClientId"] = "cleanproxy",
            ["DevIdentityProvider:Clients:0:ClientSecret"] = "bench-secret",
            ["DevIdentityProvider:Clients:0:RedirectUris:0"] = proxyUrl + "/oauth/callback",
        }));
        await using var mcp = EchoMcpServerApp.Build([], b => Configure(b, mcpUrl, new() { ["EchoMcpServer:UserInfoEndpoint"] = idpUrl + "/userinfo" }));
        await using var proxy = CleanProxyWebApp.Build([], b => Configure(b, proxyUrl, new()
        {
            ["CleanProxy:Issuer"] = proxyUrl,
            ["CleanProxy:Auth:Remote:Provider"] = idpUrl,
            ["CleanProxy:Auth:Remote:ClientId"] = "cleanproxy",
            ["CleanProxy:Auth:Remote:ClientSecret"] = "bench-secret",
            ["CleanProxy:Gateway:Backend"] = mcpUrl + "/mcp",
            ["ConnectionStrings:CleanProxy"] = $"Data Source={Path.Combine(dataDirectory, "bench.db")}",
        }));
        await idp.StartAsync();
        await mcp.StartAsync();
        await proxy.StartAsync();

        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
            var (clientId, tokens) = await SignInAsync(http, proxyUrl);
            var upstreamToken = await ReadUpstreamTokenAsync(proxy.Services);
            var refreshToken = tokens["refresh_token"]!.GetValue<string>();

            var direct = await TimeAsync(iterations, () => CallEchoAsync(http, mcpUrl + "/mcp", upstreamToken));
            var gateway = await TimeAsync(iterations, () => CallEchoAsync(http, proxyUrl + "/mcp", tokens["access_token"]!.GetValue<string>()));
            var accessToken = tokens["access_token"]!.GetValue<string>();
            var forged = accessToken[..^4] + (accessToken[^4] == 'A' ? "BBBB" : "AAAA");
            var rejected = await TimeAsync(iterations, async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, proxyUrl + "/mcp") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", forged);
                using var response = await http.SendAsync(request);
                if (response.StatusCode != HttpStatusCode.Unauthorized)
                {
                    throw new InvalidOperationException("A forged token must be refused.");
                }
            });
            var metadata = await TimeAsync(iterations, async () =>
            {
                using var response = await http.GetAsync(new Uri(proxyUrl + "/.well-known/oauth-authorization-server"));
                response.EnsureSuccessStatusCode();
            });
            var refresh = await TimeAsync(Math.Max(50, iterations / 5), async () =>
            {
                using var response = await http.PostAsync(new Uri(proxyUrl + "/oauth/token"), new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken, ["client_id"] = clientId,
                }));
                response.EnsureSuccessStatusCode();
                refreshToken = (await response.Content.ReadFromJsonAsync<JsonObject>())!["refresh_token"]!.GetValue<string>();
            });

            Console.WriteLine($"CleanProxy hot paths, {iterations} sequential calls each after warm-up ({Environment.ProcessorCount} cores)");
            Console.WriteLine();
            Console.WriteLine("| path | median ms | p95 ms | ratio |");
            Console.WriteLine("|---|---|---|---|");
            Row("MCP tools/call straight to the MCP server (baseline)", direct, direct);
            Row("MCP tools/call through the gateway", gateway, direct);
            Row("gateway refusing a forged token (signature check only)", rejected, direct);
            Row("GET authorization server metadata (baseline)", metadata, metadata);
            Row("POST /oauth/token refresh_token (rotation)", refresh, metadata);
            return 0;
        }
        finally
        {
            await proxy.StopAsync();
            await mcp.StopAsync();
            await idp.StopAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static void Row(string name, Stats stats, Stats baseline)
        => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {stats.Median:0.000} | {stats.P95:0.000} | {stats.Median / baseline.Median:0.00}× |"));

    private static async Task<Stats> TimeAsync(int iterations, Func<Task> call)
    {
        for (var i = 0; i < Math.Min(100, iterations); i++)
        {
            await call();
        }

        var samples = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await call();
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(samples);
        return new Stats(samples[iterations / 2], samples[(int)(iterations * 0.95)]);
    }

    private static async Task CallEchoAsync(HttpClient http, string url, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"message":"hi"}}}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", "2025-11-25");
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        _ = await response.Content.ReadAsStringAsync();
    }

    /// <summary>The real flow once: register, authorize, sign in at the dev IdP's form, callback, code exchange.</summary>
    private static async Task<(string ClientId, JsonObject Tokens)> SignInAsync(HttpClient http, string proxyUrl)
    {
        const string redirectUri = "http://127.0.0.1:9/callback";
        using var registration = await http.PostAsJsonAsync(new Uri(proxyUrl + "/oauth/register"), new { redirect_uris = new[] { redirectUri }, token_endpoint_auth_method = "none" });
        var clientId = (await registration.Content.ReadFromJsonAsync<JsonObject>())!["client_id"]!.GetValue<string>();
        var verifier = Pkce.CreateVerifier();
        var location = QueryHelpers.AddQueryString(proxyUrl + "/oauth/authorize", new Dictionary<string, string?>
        {
            ["response_type"] = "code", ["client_id"] = clientId, ["redirect_uri"] = redirectUri,
            ["code_challenge"] = Pkce.ComputeS256Challenge(verifier), ["code_challenge_method"] = "S256",
        });

        using var toIdp = await http.GetAsync(new Uri(location));
        using var loginPage = await http.GetAsync(toIdp.Headers.Location);
        var page = await loginPage.Content.ReadAsStringAsync();
        using var login = await http.PostAsync(new Uri(WebUtility.HtmlDecode(FormAction().Match(page).Groups[1].Value)), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["request_id"] = WebUtility.HtmlDecode(RequestId().Match(page).Groups[1].Value),
            ["username"] = "alice", ["password"] = "alice-password", ["action"] = "login",
        }));
        using var callback = await http.GetAsync(login.Headers.Location);
        var code = QueryHelpers.ParseQuery(callback.Headers.Location!.Query)["code"].ToString();

        using var token = await http.PostAsync(new Uri(proxyUrl + "/oauth/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = redirectUri, ["code_verifier"] = verifier, ["client_id"] = clientId,
        }));
        token.EnsureSuccessStatusCode();
        return (clientId, (await token.Content.ReadFromJsonAsync<JsonObject>())!);
    }

    private static async Task<string> ReadUpstreamTokenAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var vault = await scope.ServiceProvider.GetRequiredService<CleanProxyDbContext>().UpstreamTokens.AsNoTracking().SingleAsync();
        return services.GetRequiredService<IDataProtectionProvider>().CreateProtector("CleanProxy.UpstreamTokens.v1").Unprotect(vault.ProtectedAccessToken);
    }

    private static void Configure(WebApplicationBuilder builder, string url, Dictionary<string, string?> settings)
    {
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("<form method=\"post\" action=\"([^\"]+)\"")]
    private static partial Regex FormAction();

    [GeneratedRegex("name=\"request_id\" value=\"([^\"]+)\"")]
    private static partial Regex RequestId();

    private sealed record Stats(double Median, double P95);
}
