using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CleanProxy.IntegrationTests.Support;

namespace CleanProxy.IntegrationTests.Conformance;

/// <summary>
/// Token introspection (RFC 7662) at /oauth/introspect: only clients that authenticate with their secret may ask, and
/// they learn about their own tokens only; everything else is exactly <c>{"active":false}</c>.
/// </summary>
public sealed class IntrospectionConformanceTests(ProxyStack stack) : IClassFixture<ProxyStack>
{
    private readonly OAuthTestClient _oauth = new(stack);

    [Fact]
    public async Task LiveAccessToken_IsActive_WithItsClaims_RFC7662_2_2()
    {
        var (client, tokens) = await SignInAsync("client_secret_basic");

        var answer = await IntrospectAsync(client, tokens.AccessToken);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.True(answer.Body["active"]!.GetValue<bool>());
        Assert.Equal("alice-0001", answer.Body["sub"]!.GetValue<string>());
        Assert.Equal(client.ClientId, answer.Body["client_id"]!.GetValue<string>());
        Assert.Equal(stack.ProxyUrl, answer.Body["iss"]!.GetValue<string>());
        Assert.Equal(stack.McpUrl, answer.Body["aud"]!.GetValue<string>());
        Assert.Equal("Bearer", answer.Body["token_type"]!.GetValue<string>());
        Assert.Contains("openid", answer.Body["scope"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(answer.Body["exp"]!.GetValue<long>() > stack.Clock.GetUtcNow().ToUnixTimeSeconds());
        Assert.Equal("no-store", answer.CacheControl);
    }

    [Fact]
    public async Task LiveRefreshToken_IsActive_RFC7662_2_2()
    {
        var (client, tokens) = await SignInAsync("client_secret_post");

        var answer = await IntrospectAsync(client, tokens.RefreshToken, hint: "refresh_token");

        Assert.True(answer.Body["active"]!.GetValue<bool>());
        Assert.Equal("alice-0001", answer.Body["sub"]!.GetValue<string>());
        Assert.Equal(client.ClientId, answer.Body["client_id"]!.GetValue<string>());
        Assert.Equal("refresh_token", answer.Body["token_type"]!.GetValue<string>());
    }

    [Fact]
    public async Task UnknownToken_IsExactlyActiveFalse_RFC7662_2_2()
    {
        var (client, _) = await SignInAsync("client_secret_basic");

        var answer = await IntrospectAsync(client, "not-a-token-this-server-issued");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("""{"active":false}""", answer.Body.ToJsonString());
    }

    [Fact]
    public async Task TokensOfARevokedSession_AreInactive_RFC7662_2_2()
    {
        var (client, tokens) = await SignInAsync("client_secret_basic");
        await RevokeAsync(client, tokens.RefreshToken);

        Assert.Equal("""{"active":false}""", (await IntrospectAsync(client, tokens.AccessToken)).Body.ToJsonString());
        Assert.Equal("""{"active":false}""", (await IntrospectAsync(client, tokens.RefreshToken)).Body.ToJsonString());
    }

    [Fact]
    public async Task RotatedRefreshToken_IsInactive_AndItsSuccessorActive()
    {
        var (client, tokens) = await SignInAsync("client_secret_basic");
        var refreshed = await _oauth.RefreshAsync(client, tokens.RefreshToken);

        Assert.Equal("""{"active":false}""", (await IntrospectAsync(client, tokens.RefreshToken)).Body.ToJsonString());
        Assert.True((await IntrospectAsync(client, refreshed.RefreshToken)).Body["active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ExpiredAccessToken_IsInactive()
    {
        // Its own stack: moving the proxy's clock an hour on would make the shared stack refuse the IdP's fresh id_tokens.
        await using var ownStack = new ProxyStack();
        await ownStack.InitializeAsync();
        var test = new IntrospectionConformanceTests(ownStack);
        var (client, tokens) = await test.SignInAsync("client_secret_basic");

        ownStack.Clock.Advance(TimeSpan.FromSeconds(tokens.Body["expires_in"]!.GetValue<int>() + 120));

        Assert.Equal("""{"active":false}""", (await test.IntrospectAsync(client, tokens.AccessToken)).Body.ToJsonString());
    }

    [Fact]
    public async Task AnotherClientsToken_IsInactive_RFC7662_4()
    {
        var (_, tokens) = await SignInAsync("client_secret_basic");
        var other = await _oauth.RegisterAsync("client_secret_basic");

        Assert.Equal("""{"active":false}""", (await IntrospectAsync(other, tokens.AccessToken)).Body.ToJsonString());
    }

    [Fact]
    public async Task PublicClient_IsRefused_401InvalidClient_RFC7662_2_1()
    {
        var (client, tokens) = await SignInAsync("none");

        var answer = await IntrospectAsync(client, tokens.AccessToken);

        answer.AssertError(HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task WrongClientSecret_Is401InvalidClient_RFC7662_2_1()
    {
        var (client, tokens) = await SignInAsync("client_secret_basic");

        var answer = await IntrospectAsync(client with { ClientSecret = "wrong" }, tokens.AccessToken);

        answer.AssertError(HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task NoCallerAuthentication_Is401InvalidClient_RFC7662_2_1()
    {
        using var response = await _oauth.Http.PostAsync(stack.ProxyUrl + "/oauth/introspect", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = "x" }));

        (await TokenResult.ReadAsync(response)).AssertError(HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task MissingToken_IsInvalidRequest_RFC7662_2_1()
    {
        var client = await _oauth.RegisterAsync("client_secret_basic");

        var answer = await IntrospectAsync(client, token: null);

        answer.AssertError(HttpStatusCode.BadRequest, "invalid_request");
    }

    private async Task<(RegisteredTestClient Client, TokenResult Tokens)> SignInAsync(string authMethod)
    {
        var (client, code, verifier) = await _oauth.AuthorizeAsync(authMethod);
        var tokens = await _oauth.ExchangeCodeAsync(client, code, verifier);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        return (client, tokens);
    }

    private async Task<TokenResult> IntrospectAsync(RegisteredTestClient client, string? token, string? hint = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, stack.ProxyUrl + "/oauth/introspect");
        var form = new Dictionary<string, string>();
        if (token is not null)
        {
            form["token"] = token;
        }

        if (hint is not null)
        {
            form["token_type_hint"] = hint;
        }

        if (client.AuthMethod == "client_secret_post")
        {
            form["client_id"] = client.ClientId;
            form["client_secret"] = client.ClientSecret!;
        }
        else if (client.AuthMethod == "client_secret_basic")
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(client.ClientId)}:{Uri.EscapeDataString(client.ClientSecret!)}")));
        }
        else
        {
            form["client_id"] = client.ClientId;
        }

        request.Content = new FormUrlEncodedContent(form);
        using var response = await _oauth.Http.SendAsync(request);
        return await TokenResult.ReadAsync(response);
    }

    private async Task RevokeAsync(RegisteredTestClient client, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, stack.ProxyUrl + "/oauth/revoke");
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(client.ClientId)}:{Uri.EscapeDataString(client.ClientSecret!)}")));
        request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token });
        using var response = await _oauth.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
