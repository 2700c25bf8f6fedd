using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CleanProxy.IntegrationTests.Support;

namespace CleanProxy.IntegrationTests.Conformance;

/// <summary>Dynamic Client Registration (RFC 7591) as MCP clients really send it.</summary>
public sealed class RegistrationConformanceTests(ProxyStack stack) : IClassFixture<ProxyStack>
{
    private readonly HttpClient _http = new();

    [Fact]
    public async Task RegistrationWithoutScopeOrClientName_Is201_WithNoNullMembers_RFC7591_2()
    {
        var (status, body) = await RegisterAsync("""{"redirect_uris":["http://127.0.0.1:6274/oauth/callback"],"token_endpoint_auth_method":"none"}""");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.False(string.IsNullOrEmpty(body["client_id"]!.GetValue<string>()));
        Assert.True(body["client_id_issued_at"]!.GetValue<long>() > 0);
        Assert.All(body, member => Assert.True(member.Value is not null, member.Key + " is null"));
        Assert.Null(body["client_secret"]);
    }

    [Fact]
    public async Task UnknownMembers_AreIgnored_RFC7591_2()
    {
        var (status, body) = await RegisterAsync("""
            {"redirect_uris":["https://app.example/cb"],"token_endpoint_auth_method":"none",
             "logo_uri":"https://app.example/logo.png","software_id":"x","software_version":"1.2.3",
             "contacts":["ops@app.example"],"x_vendor_extension":{"nested":[1,2,{"deep":true}]}}
            """);

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Null(body["x_vendor_extension"]);
    }

    [Fact]
    public async Task SeveralRedirectUris_PrivateUseSchemeLoopbackAndHttps_AreAllRegistered_RFC8252_7()
    {
        string[] uris = ["cursor://anysphere.cursor-mcp/oauth/callback", "http://127.0.0.1/callback", "http://localhost:33418/cb", "https://claude.ai/api/mcp/auth_callback"];
        var (status, body) = await RegisterAsync(new JsonObject { ["redirect_uris"] = new JsonArray(uris.Select(u => (JsonNode)u!).ToArray()), ["token_endpoint_auth_method"] = "none" }.ToJsonString());

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(uris, body["redirect_uris"]!.AsArray().Select(u => u!.GetValue<string>()));
    }

    [Fact]
    public async Task IssuedSecret_ComesWithClientSecretExpiresAt_RFC7591_3_2_1()
    {
        var (status, body) = await RegisterAsync("""{"redirect_uris":["https://app.example/cb"],"token_endpoint_auth_method":"client_secret_post"}""");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.NotNull(body["client_secret"]);
        Assert.Equal(0, body["client_secret_expires_at"]!.GetValue<long>());
    }

    [Fact]
    public async Task NoTokenEndpointAuthMethod_DefaultsToClientSecretBasic_RFC7591_2()
    {
        var (status, body) = await RegisterAsync("""{"redirect_uris":["https://app.example/cb"]}""");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("client_secret_basic", body["token_endpoint_auth_method"]!.GetValue<string>());
        Assert.NotNull(body["client_secret"]);
    }

    public static TheoryData<string, string> OversizedMetadata => new()
    {
        { new JsonObject { ["redirect_uris"] = new JsonArray(Enumerable.Range(0, 21).Select(i => (JsonNode)$"http://127.0.0.1/cb{i}"!).ToArray()) }.ToJsonString(), "invalid_redirect_uri" },
        { new JsonObject { ["redirect_uris"] = new JsonArray("https://app.example/" + new string('a', 2100)) }.ToJsonString(), "invalid_redirect_uri" },
        { new JsonObject { ["redirect_uris"] = new JsonArray("https://app.example/cb"), ["client_name"] = new string('n', 201) }.ToJsonString(), "invalid_client_metadata" },
        { new JsonObject { ["redirect_uris"] = new JsonArray("https://app.example/cb"), ["scope"] = new string('s', 1001) }.ToJsonString(), "invalid_client_metadata" },
        { new JsonObject { ["redirect_uris"] = new JsonArray("https://app.example/cb"), ["grant_types"] = new JsonArray(Enumerable.Range(0, 11).Select(_ => (JsonNode)"authorization_code"!).ToArray()) }.ToJsonString(), "invalid_client_metadata" },
    };

    [Theory]
    [MemberData(nameof(OversizedMetadata))]
    public async Task TooManyOrTooLongFields_Are400_RFC7591_3_2_2(string json, string error)
    {
        using var response = await _http.PostAsync(stack.ProxyUrl + "/oauth/register", new StringContent(json, Encoding.UTF8, "application/json"));

        (await TokenResult.ReadAsync(response)).AssertError(HttpStatusCode.BadRequest, error);
    }

    [Fact]
    public async Task RegistrationRateLimit_Answers429_WithRetryAfter()
    {
        await using var limited = new ProxyStack(new Dictionary<string, string?>
        {
            ["CleanProxy:Registration:RateLimit:PermitLimit"] = "2",
            ["CleanProxy:Registration:RateLimit:WindowSeconds"] = "60",
        });
        await limited.InitializeAsync();
        const string json = """{"redirect_uris":["http://127.0.0.1/cb"],"token_endpoint_auth_method":"none"}""";

        for (var i = 0; i < 2; i++)
        {
            using var allowed = await _http.PostAsync(limited.ProxyUrl + "/oauth/register", new StringContent(json, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
        }

        using var refused = await _http.PostAsync(limited.ProxyUrl + "/oauth/register", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After must say when to come back");
        var body = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        Assert.Equal("temporarily_unavailable", body["error"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["error_description"]!.GetValue<string>()));
    }

    [Fact]
    public async Task InitialAccessToken_WhenConfigured_IsRequired_RFC7591_3()
    {
        await using var guarded = new ProxyStack(new Dictionary<string, string?> { ["CleanProxy:Registration:InitialAccessToken"] = "registration-secret-0123456789abcdef" });
        await guarded.InitializeAsync();
        const string json = """{"redirect_uris":["http://127.0.0.1/cb"],"token_endpoint_auth_method":"none"}""";

        using var without = await _http.PostAsync(guarded.ProxyUrl + "/oauth/register", new StringContent(json, Encoding.UTF8, "application/json"));
        (await TokenResult.ReadAsync(without)).AssertError(HttpStatusCode.Unauthorized, "invalid_token");
        Assert.Equal("Bearer", Assert.Single(without.Headers.WwwAuthenticate).Scheme);

        using var wrong = new HttpRequestMessage(HttpMethod.Post, guarded.ProxyUrl + "/oauth/register") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "registration-secret-0123456789abcdeX");
        using var wrongResponse = await _http.SendAsync(wrong);
        (await TokenResult.ReadAsync(wrongResponse)).AssertError(HttpStatusCode.Unauthorized, "invalid_token");

        using var right = new HttpRequestMessage(HttpMethod.Post, guarded.ProxyUrl + "/oauth/register") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        right.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "registration-secret-0123456789abcdef");
        using var rightResponse = await _http.SendAsync(right);
        Assert.Equal(HttpStatusCode.Created, rightResponse.StatusCode);
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> RegisterAsync(string json)
    {
        using var response = await _http.PostAsync(stack.ProxyUrl + "/oauth/register", new StringContent(json, Encoding.UTF8, "application/json"));
        return (response.StatusCode, Assert.IsType<JsonObject>(JsonNode.Parse(await response.Content.ReadAsStringAsync())));
    }
}
