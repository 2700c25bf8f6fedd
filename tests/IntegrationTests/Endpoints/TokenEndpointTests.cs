using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CleanProxy.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace CleanProxy.IntegrationTests.Endpoints;

/// <summary>The token endpoint's refusals (RFC 6749 §5.2) and the attacks they make impossible.</summary>
public sealed class TokenEndpointTests(ProxyStack stack) : IClassFixture<ProxyStack>
{
    [Fact]
    public async Task WrongCodeVerifier_IsInvalidGrant_RFC7636_4_6()
    {
        using var client = new OAuthTestClient(stack);
        var (registered, code, _) = await client.AuthorizeAsync();

        var result = await client.ExchangeCodeAsync(registered, code, CleanProxy.Domain.Authorization.Pkce.CreateVerifier());

        result.AssertError(HttpStatusCode.BadRequest, "invalid_grant");
        Assert.Equal("no-store", result.CacheControl);
    }

    [Fact]
    public async Task MissingCodeVerifier_IsInvalidRequest()
    {
        using var client = new OAuthTestClient(stack);
        var (registered, code, _) = await client.AuthorizeAsync();

        var result = await client.PostTokenAsync(registered, new() { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = registered.RedirectUri });

        result.AssertError(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task CodeReplay_IsInvalidGrant_AndRevokesWhatTheFirstRedemptionIssued()
    {
        using var client = new OAuthTestClient(stack);
        var (registered, code, verifier) = await client.AuthorizeAsync();
        var first = await client.ExchangeCodeAsync(registered, code, verifier);
        Assert.Equal(HttpStatusCode.OK, first.Status);

        var replay = await client.ExchangeCodeAsync(registered, code, verifier);

        replay.AssertError(HttpStatusCode.BadRequest, "invalid_grant");
        (await client.RefreshAsync(registered, first.RefreshToken)).AssertError(HttpStatusCode.BadRequest, "invalid_grant");
        var (status, _, _) = await McpHttp.CallAsync(client.Http, stack.McpUrl, first.AccessToken, "initialize", McpHttp.InitializeParams);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task ParallelRedemptionsOfOneCode_YieldExactlyOneTokenResponse()
    {
        using var client = new OAuthTestClient(stack);
        var (registered, code, verifier) = await client.AuthorizeAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.ExchangeCodeAsync(registered, code, verifier)));

        Assert.Single(results, r => r.Status == HttpStatusCode.OK);
        Assert.All(results.Where(r => r.Status != HttpStatusCode.OK), r => r.AssertError(HttpStatusCode.BadRequest, "invalid_grant"));
        Assert.Equal(0, await stack.QueryDatabaseAsync(db => db.RefreshTokens.CountAsync(t => t.ClientId == registered.ClientId && t.ConsumedAt == null
            && db.Sessions.Any(s => s.Id == t.SessionId && s.RevokedAt == null))));
    }

    [Fact]
    public async Task CodeUsedByAnotherClient_IsInvalidGrant()
    {
        using var client = new OAuthTestClient(stack);
        var (_, code, verifier) = await client.AuthorizeAsync();
        var thief = await client.RegisterAsync();

        var result = await client.ExchangeCodeAsync(thief, code, verifier);

        result.AssertError(HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task RedirectUriDifferentFromTheAuthorizationRequest_IsInvalidGrant()
    {
        using var client = new OAuthTestClient(stack);
        var (registered, code, verifier) = await client.AuthorizeAsync();

        var result = await client.ExchangeCodeAsync(registered, code, verifier, redirectUri: "http://127.0.0.1:33418/other");

        result.AssertError(HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task UnknownCode_IsInvalidGrant()
    {
        using var client = new OAuthTestClient(stack);
        var registered = await client.RegisterAsync();

        var result = await client.ExchangeCodeAsync(registered, "fac_made-up", CleanProxy.Domain.Authorization.Pkce.CreateVerifier());

        result.AssertError(HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Theory]
    [InlineData("password", "unsupported_grant_type")]
    [InlineData("client_credentials", "unsupported_grant_type")]
    [InlineData("", "invalid_request")]
    public async Task UnknownOrMissingGrantType_IsRejected(string grantType, string error)
    {
        using var client = new OAuthTestClient(stack);
        var registered = await client.RegisterAsync();

        var result = await client.PostTokenAsync(registered, new() { ["grant_type"] = grantType });

        result.AssertError(HttpStatusCode.BadRequest, error);
    }

    [Fact]
    public async Task WrongClientSecret_Is401InvalidClient_WithABasicChallenge()
    {
        using var client = new OAuthTestClient(stack);
        var (registered, code, verifier) = await client.AuthorizeAsync("client_secret_basic");

        var result = await client.PostTokenAsync(registered with { ClientSecret = "cps_wrong" }, new()
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = registered.RedirectUri, ["code_verifier"] = verifier,
        });

        result.AssertError(HttpStatusCode.Unauthorized, "invalid_client");
        Assert.StartsWith("Basic", result.WwwAuthenticate, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfidentialClientWithoutItsSecret_Is401InvalidClient()
    {
        using var client = new OAuthTestClient(stack);
        var (registered, code, verifier) = await client.AuthorizeAsync("client_secret_post");

        var result = await client.ExchangeCodeAsync(registered with { AuthMethod = "none" }, code, verifier);

        result.AssertError(HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task RepeatedParameter_IsInvalidRequest_RFC6749_3_2()
    {
        using var client = new OAuthTestClient(stack);
        var registered = await client.RegisterAsync();
        using var content = new StringContent($"grant_type=refresh_token&refresh_token=a&refresh_token=b&client_id={registered.ClientId}", Encoding.UTF8, "application/x-www-form-urlencoded");

        using var response = await client.Http.PostAsync(stack.ProxyUrl + "/oauth/token", content);

        (await TokenResult.ReadAsync(response)).AssertError(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task FormBodyWithAnOddContentType_IsStillUnderstood()
    {
        using var client = new OAuthTestClient(stack);
        var (registered, code, verifier) = await client.AuthorizeAsync();
        var body = $"grant_type=authorization_code&code={Uri.EscapeDataString(code)}&redirect_uri={Uri.EscapeDataString(registered.RedirectUri)}&code_verifier={verifier}&client_id={registered.ClientId}";
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/plain; charset=utf-8");

        using var response = await client.Http.PostAsync(stack.ProxyUrl + "/oauth/token", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task RefreshTokenOfAnotherClient_IsInvalidGrant_AndDoesNotRevokeTheOwner()
    {
        using var client = new OAuthTestClient(stack);
        var (registered, code, verifier) = await client.AuthorizeAsync();
        var tokens = await client.ExchangeCodeAsync(registered, code, verifier);
        var other = await client.RegisterAsync();

        (await client.RefreshAsync(other, tokens.RefreshToken)).AssertError(HttpStatusCode.BadRequest, "invalid_grant");

        Assert.Equal(HttpStatusCode.OK, (await client.RefreshAsync(registered, tokens.RefreshToken)).Status);
    }

    [Fact]
    public async Task RefreshWithAWiderScope_IsInvalidScope_AndANarrowerOneIsGranted()
    {
        using var client = new OAuthTestClient(stack);
        var (registered, code, verifier) = await client.AuthorizeAsync();
        var tokens = await client.ExchangeCodeAsync(registered, code, verifier);

        var wider = await client.PostTokenAsync(registered, new() { ["grant_type"] = "refresh_token", ["refresh_token"] = tokens.RefreshToken, ["scope"] = "openid profile email" });
        var narrower = await client.PostTokenAsync(registered, new() { ["grant_type"] = "refresh_token", ["refresh_token"] = tokens.RefreshToken, ["scope"] = "openid" });

        wider.AssertError(HttpStatusCode.BadRequest, "invalid_scope");
        Assert.Equal(HttpStatusCode.OK, narrower.Status);
        Assert.Equal("openid", narrower.Body["scope"]!.GetValue<string>());
    }

    [Fact]
    public async Task RevokingARefreshToken_EndsTheSession_AndUnknownTokensStillGet200_RFC7009()
    {
        using var client = new OAuthTestClient(stack);
        var (registered, code, verifier) = await client.AuthorizeAsync();
        var tokens = await client.ExchangeCodeAsync(registered, code, verifier);

        using var unknown = await client.Http.PostAsync(stack.ProxyUrl + "/oauth/revoke", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = "frt_unknown", ["client_id"] = registered.ClientId }));
        using var revoke = await client.Http.PostAsync(stack.ProxyUrl + "/oauth/revoke", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = tokens.RefreshToken, ["client_id"] = registered.ClientId }));

        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        (await client.RefreshAsync(registered, tokens.RefreshToken)).AssertError(HttpStatusCode.BadRequest, "invalid_grant");
        var (status, _, _) = await McpHttp.CallAsync(client.Http, stack.McpUrl, tokens.AccessToken, "initialize", McpHttp.InitializeParams);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }
}
