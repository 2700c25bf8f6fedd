using System.Net;
using CleanProxy.IntegrationTests.Support;

namespace CleanProxy.IntegrationTests.Conformance;

/// <summary>The token endpoint's answers as clients parse them (RFC 6749 §5, OAuth 2.1 §3.2.3, §4.3).</summary>
public sealed class TokenResponseConformanceTests(ProxyStack stack) : IClassFixture<ProxyStack>
{
    private readonly OAuthTestClient _oauth = new(stack);

    [Fact]
    public async Task TokenResponse_HasAnIntegerExpiresIn_NoNulls_AndNoStore_RFC6749_5_1()
    {
        var (client, code, verifier) = await _oauth.AuthorizeAsync();

        var tokens = await _oauth.ExchangeCodeAsync(client, code, verifier);

        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        Assert.Equal(System.Text.Json.JsonValueKind.Number, tokens.Body["expires_in"]!.GetValueKind());
        Assert.True(tokens.Body["expires_in"]!.GetValue<int>() > 0);
        Assert.All(tokens.Body, member => Assert.True(member.Value is not null, member.Key + " is null"));
        Assert.Equal("Bearer", tokens.Body["token_type"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(tokens.Body["scope"]!.GetValue<string>()));
        Assert.Equal("no-store", tokens.CacheControl);
    }

    [Fact]
    public async Task RefreshToken_IsIssuedWithoutOfflineAccess()
    {
        var (client, code, verifier) = await _oauth.AuthorizeAsync(); // scope "openid profile"

        var tokens = await _oauth.ExchangeCodeAsync(client, code, verifier);

        Assert.DoesNotContain("offline_access", tokens.Body["scope"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(tokens.RefreshToken));
    }

    [Fact]
    public async Task EmptyClientSecret_FromAPublicClient_CountsAsAbsent_RFC6749_2_3_1()
    {
        var (client, code, verifier) = await _oauth.AuthorizeAsync();

        var tokens = await _oauth.PostTokenAsync(client, new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = client.RedirectUri,
            ["code_verifier"] = verifier,
            ["client_secret"] = string.Empty,
        });

        Assert.Equal(HttpStatusCode.OK, tokens.Status);
    }

    [Theory]
    [InlineData("frt_never-issued-by-this-server-000000000000000")]
    [InlineData("not-a-refresh-token")]
    [InlineData("frt_")]
    [InlineData("%00%ff")]
    public async Task DeadOrForeignRefreshToken_IsInvalidGrant_NeverInvalidClientOr5xx_RFC6749_5_2(string refreshToken)
    {
        var client = await _oauth.RegisterAsync();

        var answer = await _oauth.RefreshAsync(client, refreshToken);

        answer.AssertError(HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task ExpiredRefreshToken_IsInvalidGrant()
    {
        await using var ownStack = new ProxyStack(new Dictionary<string, string?>
        {
            ["CleanProxy:Auth:Refresh:RefreshTokenTtl"] = "3600",
        });
        await ownStack.InitializeAsync();
        using var oauth = new OAuthTestClient(ownStack);
        var (client, code, verifier) = await oauth.AuthorizeAsync();
        var tokens = await oauth.ExchangeCodeAsync(client, code, verifier);

        ownStack.Clock.Advance(TimeSpan.FromSeconds(3601));

        (await oauth.RefreshAsync(client, tokens.RefreshToken)).AssertError(HttpStatusCode.BadRequest, "invalid_grant");
    }
}
