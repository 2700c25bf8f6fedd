using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CleanProxy.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace CleanProxy.IntegrationTests.Endpoints;

/// <summary>Dynamic Client Registration (RFC 7591) as MCP clients send it, and what it refuses.</summary>
public sealed class RegistrationEndpointTests(ProxyStack stack) : IClassFixture<ProxyStack>
{
    [Fact]
    public async Task PublicClient_IsRegistered_201_WithItsMetadataEchoed_RFC7591_3_2_1()
    {
        using var http = new HttpClient();

        using var response = await http.PostAsJsonAsync(stack.ProxyUrl + "/oauth/register", new
        {
            redirect_uris = new[] { "http://127.0.0.1:6274/oauth/callback", "cursor://anysphere.cursor-retrieval/oauth/user-callback" },
            token_endpoint_auth_method = "none",
            grant_types = new[] { "authorization_code", "refresh_token", "urn:ietf:params:oauth:grant-type:device_code" },
            client_name = "Some MCP client",
            software_id = "ignored-unknown-member",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.False(string.IsNullOrEmpty(body["client_id"]!.GetValue<string>()));
        Assert.False(body.ContainsKey("client_secret"));
        Assert.False(body.ContainsKey("client_secret_expires_at"));
        Assert.True(body["client_id_issued_at"]!.GetValue<long>() > 0);
        Assert.Equal("none", body["token_endpoint_auth_method"]!.GetValue<string>());
        Assert.Equal(["authorization_code", "refresh_token"], body["grant_types"]!.AsArray().Select(g => g!.GetValue<string>()));
        Assert.Equal(2, body["redirect_uris"]!.AsArray().Count);
        Assert.Equal("Some MCP client", body["client_name"]!.GetValue<string>());
        Assert.DoesNotContain(body, member => member.Value is null);
    }

    [Fact]
    public async Task ConfidentialClient_GetsASecretThatNeverExpires_StoredOnlyAsAHash()
    {
        using var http = new HttpClient();

        using var response = await http.PostAsJsonAsync(stack.ProxyUrl + "/oauth/register", new { redirect_uris = new[] { "https://app.example/cb" } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("client_secret_basic", body["token_endpoint_auth_method"]!.GetValue<string>());
        Assert.Equal(0, body["client_secret_expires_at"]!.GetValue<long>());
        var secret = body["client_secret"]!.GetValue<string>();
        var stored = await stack.QueryDatabaseAsync(db => db.Clients.AsNoTracking().SingleAsync(c => c.ClientId == body["client_id"]!.GetValue<string>()));
        Assert.DoesNotContain(secret, stored.SecretHash!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"redirect_uris\": [\"http://127.0.0.1/cb\"", "invalid_client_metadata")]
    [InlineData("not json at all", "invalid_client_metadata")]
    [InlineData("{\"redirect_uris\": \"http://127.0.0.1/cb\"}", "invalid_client_metadata")]
    [InlineData("[]", "invalid_client_metadata")]
    [InlineData("{}", "invalid_redirect_uri")]
    [InlineData("{\"redirect_uris\": []}", "invalid_redirect_uri")]
    [InlineData("{\"redirect_uris\": [\"javascript:alert(1)\"]}", "invalid_redirect_uri")]
    [InlineData("{\"redirect_uris\": [\"data:text/html,hi\"]}", "invalid_redirect_uri")]
    [InlineData("{\"redirect_uris\": [\"file:///etc/passwd\"]}", "invalid_redirect_uri")]
    [InlineData("{\"redirect_uris\": [\"https://app.example/cb#fragment\"]}", "invalid_redirect_uri")]
    [InlineData("{\"redirect_uris\": [\"https://user:pass@app.example/cb\"]}", "invalid_redirect_uri")]
    [InlineData("{\"redirect_uris\": [\"http://app.example/cb\"]}", "invalid_redirect_uri")]
    [InlineData("{\"redirect_uris\": [\"/relative\"]}", "invalid_redirect_uri")]
    [InlineData("{\"redirect_uris\": [\"https://app.example/cb\"], \"token_endpoint_auth_method\": \"private_key_jwt\"}", "invalid_client_metadata")]
    [InlineData("{\"redirect_uris\": [\"https://app.example/cb\"], \"grant_types\": [\"client_credentials\"]}", "invalid_client_metadata")]
    public async Task InvalidMetadata_Is400_WithTheStandardError_AndNothingIsStored(string json, string error)
    {
        using var http = new HttpClient();
        var before = await stack.QueryDatabaseAsync(db => db.Clients.CountAsync());

        using var response = await http.PostAsync(stack.ProxyUrl + "/oauth/register", new StringContent(json, Encoding.UTF8, "application/json"));

        var result = await TokenResult.ReadAsync(response);
        result.AssertError(HttpStatusCode.BadRequest, error);
        Assert.Equal(before, await stack.QueryDatabaseAsync(db => db.Clients.CountAsync()));
    }

    [Fact]
    public async Task OversizedBody_Is413()
    {
        using var http = new HttpClient();
        var json = "{\"client_name\":\"" + new string('x', 64 * 1024) + "\",\"redirect_uris\":[\"https://a.example/cb\"]}";

        using var response = await http.PostAsync(stack.ProxyUrl + "/oauth/register", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("invalid_client_metadata", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>());
    }
}
