using System.Net;
using CleanProxy.IntegrationTests.Support;

namespace CleanProxy.IntegrationTests.Conformance;

/// <summary>
/// Refresh token rotation (OAuth 2.1 §4.3.1, RFC 9700 §4.14.2) with a reuse grace window
/// (<c>Auth:Refresh:ReuseGraceSeconds</c>, default 10 s): clients that refresh the same token concurrently (several
/// tabs, a retry after a lost response) all get the one successor; a rotated token presented after the window, or
/// after its successor was used, is a replay and ends the whole family.
/// </summary>
public sealed class TokenConformanceTests
{
    private const int GraceSeconds = 10;

    [Fact]
    public async Task ConcurrentRefreshesOfOneToken_AllGetTheSameSuccessor_RFC9700_4_14_2()
    {
        await using var stack = await StartAsync();
        using var oauth = new OAuthTestClient(stack);
        var (client, tokens) = await SignInAsync(oauth);

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => oauth.RefreshAsync(client, tokens.RefreshToken)));

        Assert.All(answers, a => Assert.True(a.Status == HttpStatusCode.OK, a.Body.ToJsonString()));
        var successor = Assert.Single(answers.Select(a => a.RefreshToken).Distinct());
        Assert.NotEqual(tokens.RefreshToken, successor);
        Assert.Equal(HttpStatusCode.OK, (await oauth.RefreshAsync(client, successor)).Status);
    }

    [Fact]
    public async Task RotatedTokenPresentedAgain_WithinTheGraceWindow_GetsTheSameSuccessorAndAFreshAccessToken()
    {
        await using var stack = await StartAsync();
        using var oauth = new OAuthTestClient(stack);
        var (client, tokens) = await SignInAsync(oauth);
        var first = await oauth.RefreshAsync(client, tokens.RefreshToken);

        stack.Clock.Advance(TimeSpan.FromSeconds(GraceSeconds - 2));
        var again = await oauth.RefreshAsync(client, tokens.RefreshToken);

        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(first.RefreshToken, again.RefreshToken);
        Assert.NotEqual(first.AccessToken, again.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await oauth.RefreshAsync(client, again.RefreshToken)).Status);
    }

    [Fact]
    public async Task RotatedTokenPresentedAfterTheGraceWindow_IsInvalidGrant_AndEndsTheFamily_RFC9700_4_14_2()
    {
        await using var stack = await StartAsync();
        using var oauth = new OAuthTestClient(stack);
        var (client, tokens) = await SignInAsync(oauth);
        var successor = await oauth.RefreshAsync(client, tokens.RefreshToken);

        stack.Clock.Advance(TimeSpan.FromSeconds(GraceSeconds + 1));

        (await oauth.RefreshAsync(client, tokens.RefreshToken)).AssertError(HttpStatusCode.BadRequest, "invalid_grant");
        (await oauth.RefreshAsync(client, successor.RefreshToken)).AssertError(HttpStatusCode.BadRequest, "invalid_grant");
        await AssertGatewayRefusesAsync(stack, successor.AccessToken);
    }

    [Fact]
    public async Task RotatedTokenPresentedAgain_AfterItsSuccessorWasUsed_IsInvalidGrant_AndEndsTheFamily()
    {
        await using var stack = await StartAsync();
        using var oauth = new OAuthTestClient(stack);
        var (client, tokens) = await SignInAsync(oauth);
        var second = await oauth.RefreshAsync(client, tokens.RefreshToken);
        var third = await oauth.RefreshAsync(client, second.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, third.Status);

        (await oauth.RefreshAsync(client, tokens.RefreshToken)).AssertError(HttpStatusCode.BadRequest, "invalid_grant");
        (await oauth.RefreshAsync(client, third.RefreshToken)).AssertError(HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task GraceWindowOfZero_MakesAnyReuseAReplay()
    {
        await using var stack = await StartAsync(new() { ["CleanProxy:Auth:Refresh:ReuseGraceSeconds"] = "0" });
        using var oauth = new OAuthTestClient(stack);
        var (client, tokens) = await SignInAsync(oauth);
        var successor = await oauth.RefreshAsync(client, tokens.RefreshToken);

        (await oauth.RefreshAsync(client, tokens.RefreshToken)).AssertError(HttpStatusCode.BadRequest, "invalid_grant");
        (await oauth.RefreshAsync(client, successor.RefreshToken)).AssertError(HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task SuccessorKeptForTheGraceWindow_IsStoredEncrypted_AndForgottenOnceTheSuccessorIsUsed()
    {
        await using var stack = await StartAsync();
        using var oauth = new OAuthTestClient(stack);
        var (client, tokens) = await SignInAsync(oauth);
        var second = await oauth.RefreshAsync(client, tokens.RefreshToken);

        var kept = await stack.QueryDatabaseAsync(db => Task.FromResult(db.RefreshTokens.Where(t => t.ProtectedSuccessorToken != null).Select(t => t.ProtectedSuccessorToken!).ToList()));
        var stored = Assert.Single(kept);
        Assert.DoesNotContain(second.RefreshToken, stored, StringComparison.Ordinal);

        await oauth.RefreshAsync(client, second.RefreshToken);

        var first = await stack.QueryDatabaseAsync(db => Task.FromResult(db.RefreshTokens.Count(t => t.ProtectedSuccessorToken == stored)));
        Assert.Equal(0, first);
    }

    private static async Task<ProxyStack> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var stack = new ProxyStack(settings ?? []);
        await stack.InitializeAsync();
        return stack;
    }

    private static async Task<(RegisteredTestClient Client, TokenResult Tokens)> SignInAsync(OAuthTestClient oauth)
    {
        var (client, code, verifier) = await oauth.AuthorizeAsync();
        var tokens = await oauth.ExchangeCodeAsync(client, code, verifier);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        return (client, tokens);
    }

    private static async Task AssertGatewayRefusesAsync(ProxyStack stack, string accessToken)
    {
        using var http = new HttpClient();
        var (status, _, _) = await McpHttp.CallAsync(http, stack.McpUrl, accessToken, "initialize", McpHttp.InitializeParams);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }
}
