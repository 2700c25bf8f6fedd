using System.Net;
using CleanProxy.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace CleanProxy.IntegrationTests.Conformance;

/// <summary>Token revocation (RFC 7009) and what it must leave behind: nothing of the session's upstream tokens.</summary>
public sealed class RevocationConformanceTests(ProxyStack stack) : IClassFixture<ProxyStack>
{
    private readonly OAuthTestClient _oauth = new(stack);

    [Fact]
    public async Task RevokingARefreshToken_EndsItsFamily_AndDeletesTheUpstreamTokens_RFC7009_2_1()
    {
        var (client, tokens) = await SignInAsync();
        var successor = await _oauth.RefreshAsync(client, tokens.RefreshToken);

        Assert.Equal(HttpStatusCode.OK, await RevokeAsync(client, successor.RefreshToken));

        (await _oauth.RefreshAsync(client, successor.RefreshToken)).AssertError(HttpStatusCode.BadRequest, "invalid_grant");
        Assert.Equal(HttpStatusCode.Unauthorized, (await McpHttp.CallAsync(_oauth.Http, stack.McpUrl, successor.AccessToken, "initialize", McpHttp.InitializeParams)).Status);
        Assert.False(await HasUpstreamTokensAsync(client));
    }

    [Fact]
    public async Task RevokingAnAccessToken_EndsTheSession_AndDeletesTheUpstreamTokens_RFC7009_2_1()
    {
        var (client, tokens) = await SignInAsync();

        Assert.Equal(HttpStatusCode.OK, await RevokeAsync(client, tokens.AccessToken, hint: "access_token"));

        (await _oauth.RefreshAsync(client, tokens.RefreshToken)).AssertError(HttpStatusCode.BadRequest, "invalid_grant");
        Assert.False(await HasUpstreamTokensAsync(client));
    }

    [Fact]
    public async Task AnotherClientRevokingYourToken_Gets200_AndChangesNothing_RFC7009_2_1()
    {
        var (owner, tokens) = await SignInAsync();
        var other = await _oauth.RegisterAsync();

        Assert.Equal(HttpStatusCode.OK, await RevokeAsync(other, tokens.RefreshToken));

        Assert.Equal(HttpStatusCode.OK, (await _oauth.RefreshAsync(owner, tokens.RefreshToken)).Status);
        Assert.True(await HasUpstreamTokensAsync(owner));
    }

    [Fact]
    public async Task RefreshReplayEndingTheFamily_AlsoDeletesTheUpstreamTokens_RFC9700_4_14_2()
    {
        var (client, tokens) = await SignInAsync();
        var second = await _oauth.RefreshAsync(client, tokens.RefreshToken);
        await _oauth.RefreshAsync(client, second.RefreshToken);

        (await _oauth.RefreshAsync(client, tokens.RefreshToken)).AssertError(HttpStatusCode.BadRequest, "invalid_grant");

        Assert.False(await HasUpstreamTokensAsync(client));
    }

    [Fact]
    public async Task UnknownOrMalformedToken_Gets200_RFC7009_2_2()
    {
        var client = await _oauth.RegisterAsync();

        Assert.Equal(HttpStatusCode.OK, await RevokeAsync(client, "frt_not-issued-here"));
        Assert.Equal(HttpStatusCode.OK, await RevokeAsync(client, "not even a token"));
    }

    private async Task<(RegisteredTestClient Client, TokenResult Tokens)> SignInAsync()
    {
        var (client, code, verifier) = await _oauth.AuthorizeAsync();
        var tokens = await _oauth.ExchangeCodeAsync(client, code, verifier);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        return (client, tokens);
    }

    private async Task<HttpStatusCode> RevokeAsync(RegisteredTestClient client, string token, string? hint = null)
    {
        var form = new Dictionary<string, string> { ["token"] = token, ["client_id"] = client.ClientId };
        if (hint is not null)
        {
            form["token_type_hint"] = hint;
        }

        using var response = await _oauth.Http.PostAsync(stack.ProxyUrl + "/oauth/revoke", new FormUrlEncodedContent(form));
        return response.StatusCode;
    }

    private Task<bool> HasUpstreamTokensAsync(RegisteredTestClient client)
        => stack.QueryDatabaseAsync(db => db.UpstreamTokens.AnyAsync(v => db.Sessions.Any(s => s.Id == v.SessionId && s.ClientId == client.ClientId)));
}
