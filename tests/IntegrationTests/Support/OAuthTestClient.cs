using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CleanProxy.Domain.Authorization;
using Microsoft.AspNetCore.WebUtilities;

namespace CleanProxy.IntegrationTests.Support;

/// <summary>An MCP client's side of OAuth, written out by hand so each request and answer can be asserted.</summary>
public sealed class OAuthTestClient(ProxyStack stack) : IDisposable
{
    public const string RedirectUri = "http://127.0.0.1:33418/callback";

    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });

    public HttpClient Http => _http;

    public async Task<RegisteredTestClient> RegisterAsync(string authMethod = "none", string redirectUri = RedirectUri)
    {
        using var response = await _http.PostAsJsonAsync(stack.ProxyUrl + "/oauth/register", new
        {
            redirect_uris = new[] { redirectUri },
            token_endpoint_auth_method = authMethod,
            grant_types = new[] { "authorization_code", "refresh_token" },
            response_types = new[] { "code" },
            client_name = "integration test",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return new RegisteredTestClient(body["client_id"]!.GetValue<string>(), body["client_secret"]?.GetValue<string>(), authMethod, redirectUri);
    }

    public string AuthorizeUrl(RegisteredTestClient client, string codeChallenge, string state = "client-state-1", Dictionary<string, string?>? extra = null)
    {
        var parameters = new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = client.ClientId,
            ["redirect_uri"] = client.RedirectUri,
            ["code_challenge"] = codeChallenge,
            ["code_challenge_method"] = "S256",
            ["state"] = state,
            ["scope"] = "openid profile",
            ["resource"] = stack.McpUrl,
        };
        foreach (var (key, value) in extra ?? [])
        {
            parameters[key] = value;
        }

        return QueryHelpers.AddQueryString(stack.ProxyUrl + "/oauth/authorize", parameters.Where(p => p.Value is not null));
    }

    /// <summary>Registers, signs alice in and returns the proxy's authorization code with its verifier.</summary>
    public async Task<(RegisteredTestClient Client, string Code, string Verifier)> AuthorizeAsync(string authMethod = "none", string username = "alice", string password = "alice-password")
    {
        var client = await RegisterAsync(authMethod);
        var verifier = Pkce.CreateVerifier();
        using var browser = new UserAgent();
        var redirect = await browser.SignInAsync(AuthorizeUrl(client, Pkce.ComputeS256Challenge(verifier)), client.RedirectUri, username, password);
        var code = UserAgent.QueryOf(redirect)["code"];
        return (client, code, verifier);
    }

    public Task<TokenResult> ExchangeCodeAsync(RegisteredTestClient client, string code, string verifier, string? redirectUri = null)
        => PostTokenAsync(client, new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri ?? client.RedirectUri,
            ["code_verifier"] = verifier,
        });

    public Task<TokenResult> RefreshAsync(RegisteredTestClient client, string refreshToken)
        => PostTokenAsync(client, new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken });

    /// <summary>Sends a token request authenticated the way the client registered.</summary>
    public async Task<TokenResult> PostTokenAsync(RegisteredTestClient client, Dictionary<string, string> form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, stack.ProxyUrl + "/oauth/token");
        switch (client.AuthMethod)
        {
            case "client_secret_basic":
                request.Headers.Authorization = new AuthenticationHeaderValue(
                    "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(client.ClientId)}:{Uri.EscapeDataString(client.ClientSecret!)}")));
                break;
            case "client_secret_post":
                form["client_id"] = client.ClientId;
                form["client_secret"] = client.ClientSecret!;
                break;
            default:
                form["client_id"] = client.ClientId;
                break;
        }

        request.Content = new FormUrlEncodedContent(form);
        using var response = await _http.SendAsync(request);
        return await TokenResult.ReadAsync(response);
    }

    public void Dispose() => _http.Dispose();
}

public sealed record RegisteredTestClient(string ClientId, string? ClientSecret, string AuthMethod, string RedirectUri);

/// <summary>What a client sees of a token endpoint answer.</summary>
public sealed record TokenResult(HttpStatusCode Status, JsonObject Body, string? CacheControl, string? WwwAuthenticate)
{
    public string? Error => Body["error"]?.GetValue<string>();

    public string AccessToken => Body["access_token"]!.GetValue<string>();

    public string RefreshToken => Body["refresh_token"]!.GetValue<string>();

    public static async Task<TokenResult> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var body = JsonNode.Parse(text) as JsonObject ?? throw new InvalidOperationException("Not a JSON object: " + text);
        return new TokenResult(
            response.StatusCode,
            body,
            response.Headers.CacheControl?.ToString(),
            response.Headers.WwwAuthenticate.ToString());
    }

    public void AssertError(HttpStatusCode status, string error)
    {
        Assert.True(Status == status && Error == error, $"Expected {(int)status} {error}, got {(int)Status}: {Body.ToJsonString()}");
        Assert.False(string.IsNullOrWhiteSpace(Body["error_description"]?.GetValue<string>()), "error_description must explain the error");
    }
}

/// <summary>Minimal MCP over Streamable HTTP: one JSON-RPC request, answered as JSON or as an SSE stream.</summary>
public static class McpHttp
{
    public static async Task<(HttpStatusCode Status, JsonNode? Message, HttpResponseMessage Response)> CallAsync(
        HttpClient http, string url, string? bearerToken, string method, object? @params = null, int id = 1)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(JsonSerializer.Serialize(new { jsonrpc = "2.0", id, method, @params = @params ?? new { } }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", "2025-11-25");
        if (bearerToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }

        var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            return (response.StatusCode, null, response);
        }

        var text = await response.Content.ReadAsStringAsync();
        if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            // The last data line of the stream carries the JSON-RPC response.
            text = text.Split('\n').Where(l => l.StartsWith("data:", StringComparison.Ordinal)).Select(l => l[5..].Trim()).Last();
        }

        return (response.StatusCode, JsonNode.Parse(text), response);
    }

    public static object InitializeParams => new
    {
        protocolVersion = "2025-11-25",
        capabilities = new { },
        clientInfo = new { name = "cleanproxy-tests", version = "1.0" },
    };
}
