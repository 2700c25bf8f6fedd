using System.Net;
using CleanProxy.Domain.Authorization;
using CleanProxy.IntegrationTests.Support;
using Microsoft.IdentityModel.JsonWebTokens;

namespace CleanProxy.IntegrationTests.Faults;

/// <summary>
/// GitHub's token endpoint answers form-encoded (<c>access_token=...&amp;token_type=bearer&amp;scope=...</c>, as
/// application/x-www-form-urlencoded or text/plain) when it does not honour Accept: application/json, and reports
/// errors the same way with a 200. The proxy reads such answers like JSON ones, for the code exchange and refreshes.
/// </summary>
public sealed class FormEncodedTokenResponseTests(ScriptedOAuth2Stack stack) : IClassFixture<ScriptedOAuth2Stack>
{
    private static readonly TimeSpan PastUpstreamExpiry = TimeSpan.FromSeconds(ScriptedIdentityProvider.AccessTokenLifetimeSeconds);

    [Theory]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/x-www-form-urlencoded; charset=utf-8")]
    [InlineData("text/plain")]
    public async Task FormEncodedCodeExchange_SignsIn(string contentType)
    {
        stack.Idp.Script = new TokenScript { Raw = (200, contentType, "access_token=gho_form123&token_type=bearer&scope=read%3Auser%2Cuser%3Aemail") };
        try
        {
            using var client = new OAuthTestClient(stack);
            var (_, tokens) = await ScriptedSignIn.SignInAsync(client);
            Assert.Equal("4242", new JsonWebToken(tokens.AccessToken).Subject);
        }
        finally
        {
            stack.Idp.Script = new TokenScript();
        }
    }

    [Theory]
    [InlineData(200, "application/x-www-form-urlencoded")]
    [InlineData(200, "text/plain")]
    [InlineData(400, "application/x-www-form-urlencoded")]
    public async Task FormEncodedError_IsAnErrorLikeTheJsonOne_NotAnOutage(int status, string contentType)
    {
        stack.Idp.Script = new TokenScript
        {
            Raw = (status, contentType, "error=bad_verification_code&error_description=The+code+passed+is+incorrect+or+expired."),
        };
        try
        {
            using var client = new OAuthTestClient(stack);
            var registered = await client.RegisterAsync();
            using var browser = new UserAgent();
            using var response = await browser.FollowUntilAsync(
                client.AuthorizeUrl(registered, Pkce.ComputeS256Challenge(Pkce.CreateVerifier()), state: "form-state"), registered.RedirectUri);

            Assert.Equal(HttpStatusCode.Found, response.StatusCode);
            var query = UserAgent.QueryOf(response.Headers.Location!);
            Assert.Equal("server_error", query["error"]);
            Assert.Equal("form-state", query["state"]);
            Assert.False(query.ContainsKey("code"));
            Assert.Contains(stack.ProxyLogs.Lines, line => line.Contains("bad_verification_code", StringComparison.Ordinal));
        }
        finally
        {
            stack.Idp.Script = new TokenScript();
        }
    }

    [Fact]
    public async Task FormEncodedRefresh_RefreshesTheUpstreamTokens()
    {
        using var client = new OAuthTestClient(stack);
        var (registered, tokens) = await ScriptedSignIn.SignInAsync(client);

        stack.Idp.Script = new TokenScript
        {
            Raw = (200, "application/x-www-form-urlencoded", "access_token=gho_refreshed&expires_in=28800&refresh_token=ghr_next&token_type=bearer&scope="),
        };
        try
        {
            stack.Clock.Advance(PastUpstreamExpiry);
            var refreshesBefore = stack.Idp.TokenRequests;
            var (status, _, _) = await McpHttp.CallAsync(client.Http, stack.McpUrl, tokens.AccessToken, "initialize", McpHttp.InitializeParams);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(refreshesBefore + 1, stack.Idp.TokenRequests);
            Assert.Equal("refresh_token", stack.Idp.LastTokenForm["grant_type"]);

            // The next refresh sends the refresh token read from the form answer.
            stack.Clock.Advance(TimeSpan.FromSeconds(28800));
            Assert.Equal(HttpStatusCode.OK, (await client.RefreshAsync(registered, tokens.RefreshToken)).Status);
            Assert.Equal("ghr_next", stack.Idp.LastTokenForm["refresh_token"]);
        }
        finally
        {
            stack.Idp.Script = new TokenScript();
        }
    }

    [Fact]
    public async Task FormEncodedInvalidGrantOnRefresh_EndsTheSession()
    {
        using var client = new OAuthTestClient(stack);
        var (registered, tokens) = await ScriptedSignIn.SignInAsync(client);

        stack.Idp.Script = new TokenScript { Raw = (200, "application/x-www-form-urlencoded", "error=invalid_grant&error_description=revoked") };
        try
        {
            stack.Clock.Advance(PastUpstreamExpiry);
            (await client.RefreshAsync(registered, tokens.RefreshToken)).AssertError(HttpStatusCode.BadRequest, "invalid_grant");
        }
        finally
        {
            stack.Idp.Script = new TokenScript();
        }
    }
}
