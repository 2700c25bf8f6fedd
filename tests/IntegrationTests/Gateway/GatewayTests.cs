using System.Net;
using System.Security.Cryptography;
using CleanProxy.Infrastructure.Tokens;
using CleanProxy.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CleanProxy.IntegrationTests.Gateway;

/// <summary>
/// The MCP gateway lets only the proxy's own, valid access tokens for this resource through (RFC 6750 §3.1,
/// RFC 9728 §5.1), whatever the HTTP method.
/// </summary>
public sealed class GatewayTests(ProxyStack stack) : IClassFixture<ProxyStack>
{
    private string ResourceMetadataUrl => stack.ProxyUrl + "/.well-known/oauth-protected-resource/mcp";

    [Theory]
    [InlineData("POST")]
    [InlineData("GET")]
    [InlineData("DELETE")]
    public async Task NoToken_Is401_WithOneBearerChallengeNamingTheResourceMetadata(string method)
    {
        using var http = new HttpClient();

        using var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), stack.McpUrl));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal($"Bearer resource_metadata=\"{ResourceMetadataUrl}\"", Assert.Single(response.Headers.WwwAuthenticate).ToString());
    }

    [Fact]
    public async Task MalformedToken_Is401_InvalidToken()
    {
        await AssertRejectedAsync("not-a-jwt", "malformed");
    }

    [Fact]
    public async Task TokenWithATamperedSignature_Is401_InvalidToken()
    {
        var token = await SignInAsync();
        var tampered = token[..^4] + (token[^4] == 'A' ? "BBBB" : "AAAA");

        await AssertRejectedAsync(tampered, "signature");
    }

    [Fact]
    public async Task TokenSignedByAnotherKeyWithTheSameKid_Is401_InvalidToken()
    {
        var kid = new JsonWebToken(await SignInAsync()).Kid;
        using var foreignKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var forged = CreateToken(new SigningCredentials(new ECDsaSecurityKey(foreignKey) { KeyId = kid }, SecurityAlgorithms.EcdsaSha256), stack.McpUrl);

        await AssertRejectedAsync(forged, "signature");
    }

    [Fact]
    public async Task TokenForAnotherAudience_Is401_InvalidToken()
    {
        var ring = await stack.ProxyServices.GetRequiredService<SigningKeyStore>().GetAsync(CancellationToken.None);

        var token = CreateToken(ring.SigningCredentials, "https://other-resource.example/mcp");

        await AssertRejectedAsync(token, "another resource");
    }

    [Fact]
    public async Task UnsignedAlgNoneToken_Is401_InvalidToken()
    {
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = stack.ProxyUrl,
            Audience = stack.McpUrl,
            TokenType = "at+jwt",
            Claims = new Dictionary<string, object> { ["sub"] = "alice-0001", ["sid"] = Guid.NewGuid().ToString(), ["client_id"] = "x" },
        });

        await AssertRejectedAsync(token, "invalid");
    }

    [Fact]
    public async Task BearerSchemeName_IsCaseInsensitive()
    {
        var token = await SignInAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, stack.McpUrl)
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"ping"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "bearer " + token);
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");

        using var response = await http.SendAsync(request);

        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<string> SignInAsync()
    {
        using var client = new OAuthTestClient(stack);
        var (registered, code, verifier) = await client.AuthorizeAsync();
        return (await client.ExchangeCodeAsync(registered, code, verifier)).AccessToken;
    }

    private string CreateToken(SigningCredentials credentials, string audience)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = stack.ProxyUrl,
            Audience = audience,
            TokenType = "at+jwt",
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            SigningCredentials = credentials,
            Claims = new Dictionary<string, object> { ["sub"] = "alice-0001", ["sid"] = Guid.NewGuid().ToString(), ["client_id"] = "x", ["scope"] = "openid" },
        });
    }

    private async Task AssertRejectedAsync(string token, string descriptionContains)
    {
        using var http = new HttpClient();
        var (status, _, response) = await McpHttp.CallAsync(http, stack.McpUrl, token, "initialize", McpHttp.InitializeParams);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate).ToString();
        Assert.StartsWith($"Bearer resource_metadata=\"{ResourceMetadataUrl}\", error=\"invalid_token\", error_description=\"", challenge, StringComparison.Ordinal);
        Assert.Contains(descriptionContains, challenge, StringComparison.OrdinalIgnoreCase);
    }
}
