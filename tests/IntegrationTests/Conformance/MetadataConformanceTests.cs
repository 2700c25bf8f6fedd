using System.Net;
using System.Text.Json.Nodes;
using CleanProxy.IntegrationTests.Support;

namespace CleanProxy.IntegrationTests.Conformance;

/// <summary>Discovery as MCP clients read it: RFC 8414 (AS metadata), RFC 9728 (PRM), MCP 2025-03-26 fallbacks.</summary>
public sealed class MetadataConformanceTests(ProxyStack stack) : IClassFixture<ProxyStack>
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });

    public static TheoryData<string> MetadataPaths =>
    [
        "/.well-known/oauth-authorization-server",
        "/.well-known/openid-configuration",
        "/.well-known/oauth-protected-resource/mcp",
        "/.well-known/oauth-protected-resource",
    ];

    [Fact]
    public async Task AuthorizationServerMetadata_HasEveryMemberClientsCheck_RFC8414_2()
    {
        var metadata = await GetJsonAsync("/.well-known/oauth-authorization-server");

        Assert.Equal(stack.ProxyUrl, metadata["issuer"]!.GetValue<string>());
        Assert.Equal(stack.ProxyUrl + "/oauth/authorize", metadata["authorization_endpoint"]!.GetValue<string>());
        Assert.Equal(stack.ProxyUrl + "/oauth/token", metadata["token_endpoint"]!.GetValue<string>());
        Assert.Equal(stack.ProxyUrl + "/oauth/register", metadata["registration_endpoint"]!.GetValue<string>());
        Assert.Equal(stack.ProxyUrl + "/oauth/revoke", metadata["revocation_endpoint"]!.GetValue<string>());
        Assert.Equal(stack.ProxyUrl + "/oauth/introspect", metadata["introspection_endpoint"]!.GetValue<string>());
        Assert.Equal(["S256"], Strings(metadata["code_challenge_methods_supported"]));
        Assert.Equal(["authorization_code", "refresh_token"], Strings(metadata["grant_types_supported"]));
        Assert.Contains("none", Strings(metadata["token_endpoint_auth_methods_supported"]));
        Assert.True(metadata["authorization_response_iss_parameter_supported"]!.GetValue<bool>()); // RFC 9207 §3
        Assert.NotEmpty(Strings(metadata["scopes_supported"]));

        // Stated, not omitted: SDKs pick URL client ids only when this is true (MCP 2025-11-25).
        Assert.True(metadata["client_id_metadata_document_supported"]!.GetValue<bool>());
    }

    [Theory]
    [MemberData(nameof(MetadataPaths))]
    public async Task Metadata_HasNoNullsAndNoEmptyArrays_RFC8414_2(string path)
    {
        var metadata = await GetJsonAsync(path);

        foreach (var (name, value) in metadata)
        {
            Assert.True(value is not null, $"{path}: {name} is null");
            Assert.False(value is JsonArray { Count: 0 }, $"{path}: {name} is an empty array");
        }
    }

    [Theory]
    [InlineData("/.well-known/oauth-protected-resource/mcp")]
    [InlineData("/.well-known/oauth-protected-resource")]
    public async Task ProtectedResourceMetadata_NamesTheResourceAndTheIssuerByteForByte_RFC9728_3_3(string path)
    {
        var prm = await GetJsonAsync(path);

        Assert.Equal(stack.McpUrl, prm["resource"]!.GetValue<string>());
        Assert.Equal([stack.ProxyUrl], Strings(prm["authorization_servers"]));
    }

    [Fact]
    public async Task LegacyRegisterAlias_AtTheOrigin_RegistersLikeTheAdvertisedEndpoint_MCP_2025_03_26_Fallback()
    {
        using var response = await _http.PostAsync(stack.ProxyUrl + "/register", Json("""{"redirect_uris":["http://127.0.0.1/callback"],"token_endpoint_auth_method":"none"}"""));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["client_id"]);
    }

    [Fact]
    public async Task LegacyAuthorizeAlias_AtTheOrigin_SendsTheUserUpstream_MCP_2025_03_26_Fallback()
    {
        using var oauth = new OAuthTestClient(stack);
        var client = await oauth.RegisterAsync();
        var url = oauth.AuthorizeUrl(client, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM").Replace("/oauth/authorize", "/authorize", StringComparison.Ordinal);

        using var response = await _http.GetAsync(url);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.StartsWith(stack.IdentityProviderUrl, response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LegacyTokenAlias_AtTheOrigin_AnswersLikeTheAdvertisedEndpoint_MCP_2025_03_26_Fallback()
    {
        var (client, code, verifier) = await new OAuthTestClient(stack).AuthorizeAsync();
        using var response = await _http.PostAsync(stack.ProxyUrl + "/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = client.RedirectUri,
            ["code_verifier"] = verifier,
            ["client_id"] = client.ClientId,
        }));

        var tokens = await TokenResult.ReadAsync(response);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        Assert.False(string.IsNullOrEmpty(tokens.AccessToken));
    }

    [Theory]
    [InlineData("/.well-known/oauth-authorization-server", "GET")]
    [InlineData("/.well-known/oauth-protected-resource/mcp", "GET")]
    [InlineData("/oauth/register", "POST")]
    [InlineData("/oauth/token", "POST")]
    [InlineData("/oauth/revoke", "POST")]
    [InlineData("/oauth/introspect", "POST")]
    [InlineData("/mcp", "POST")]
    public async Task CorsPreflight_FromABrowserClient_AllowsTheMcpHeaders(string path, string method)
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, stack.ProxyUrl + path);
        preflight.Headers.Add("Origin", "https://inspector.example");
        preflight.Headers.Add("Access-Control-Request-Method", method);
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization, content-type, mcp-protocol-version");

        using var response = await _http.SendAsync(preflight);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
        var allowed = Header(response, "Access-Control-Allow-Headers").ToLowerInvariant();
        Assert.Contains("authorization", allowed, StringComparison.Ordinal);
        Assert.Contains("content-type", allowed, StringComparison.Ordinal);
        Assert.Contains("mcp-protocol-version", allowed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task McpEndpoint_ExposesWwwAuthenticate_ToBrowserClients()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, stack.McpUrl) { Content = Json("{}") };
        request.Headers.Add("Origin", "https://inspector.example");

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
        Assert.Contains("www-authenticate", Header(response, "Access-Control-Expose-Headers").ToLowerInvariant(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthorizeEndpoint_IsNotOpenedToCrossOriginScripts()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, stack.ProxyUrl + "/oauth/authorize");
        request.Headers.Add("Origin", "https://inspector.example");

        using var response = await _http.SendAsync(request);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private async Task<JsonObject> GetJsonAsync(string path)
    {
        using var response = await _http.GetAsync(stack.ProxyUrl + path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.IsType<JsonObject>(JsonNode.Parse(await response.Content.ReadAsStringAsync()));
    }

    private static string[] Strings(JsonNode? node) => node!.AsArray().Select(n => n!.GetValue<string>()).ToArray();

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    private static string Header(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : string.Empty;
}
