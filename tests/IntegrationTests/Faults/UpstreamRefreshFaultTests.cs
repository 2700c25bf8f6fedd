using System.Net;
using System.Text.Json.Nodes;
using CleanProxy.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;

namespace CleanProxy.IntegrationTests.Faults;

/// <summary>
/// Upstream refresh when the IdP misbehaves: a transient failure keeps everything and says "try again" (503), the
/// IdP's invalid_grant ends the session (gateway 401, client invalid_grant), and tokens without a refresh token or
/// without expires_in are never refreshed.
/// </summary>
public sealed class UpstreamRefreshFaultTests : IClassFixture<ScriptedIdpStack>
{
    private readonly ScriptedIdpStack _stack;

    /// <summary>Each test starts with a well-behaved IdP, whatever the previous one left scripted.</summary>
    public UpstreamRefreshFaultTests(ScriptedIdpStack stack)
    {
        _stack = stack;
        stack.Idp.Script = new TokenScript();
    }

    private static readonly TimeSpan PastUpstreamExpiry = TimeSpan.FromSeconds(ScriptedIdentityProvider.AccessTokenLifetimeSeconds);

    [Theory]
    [InlineData(500, "server_error")]
    [InlineData(503, "temporarily_unavailable")]
    [InlineData(400, "temporarily_unavailable")]
    public async Task TransientRefreshFailure_Answers503_AndKeepsTheSessionAndTokensForARetry(int status, string idpError)
    {
        using var client = new OAuthTestClient(_stack);
        var (registered, tokens) = await SignInAsync(client);
        var vaultBefore = await VaultOfAsync(tokens.AccessToken);

        _stack.Idp.Script = new TokenScript { RefreshError = idpError, RefreshStatus = status };
        _stack.Clock.Advance(PastUpstreamExpiry);
        var (gatewayStatus, _, gateway) = await McpHttp.CallAsync(client.Http, _stack.McpUrl, tokens.AccessToken, "initialize", McpHttp.InitializeParams);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, gatewayStatus);
        Assert.Equal("temporarily_unavailable", JsonNode.Parse(await gateway.Content.ReadAsStringAsync())!["error"]!.GetValue<string>());
        (await client.RefreshAsync(registered, tokens.RefreshToken)).AssertError(HttpStatusCode.ServiceUnavailable, "temporarily_unavailable");

        // Nothing was lost: the vault is as it was, and once the IdP is back the same tokens work.
        var vaultAfter = await VaultOfAsync(tokens.AccessToken);
        Assert.Equal(vaultBefore.ProtectedRefreshToken, vaultAfter.ProtectedRefreshToken);
        Assert.Null(vaultAfter.RefreshLeaseId);
        _stack.Idp.Script = new TokenScript();
        Assert.Equal(HttpStatusCode.OK, (await McpHttp.CallAsync(client.Http, _stack.McpUrl, tokens.AccessToken, "initialize", McpHttp.InitializeParams)).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.RefreshAsync(registered, tokens.RefreshToken)).Status);
    }

    [Fact]
    public async Task RefreshSlowerThanTheTimeout_Answers503_NotA500()
    {
        using var client = new OAuthTestClient(_stack);
        var (_, tokens) = await SignInAsync(client);

        _stack.Idp.Script = new TokenScript { Delay = TimeSpan.FromSeconds(5) };
        _stack.Clock.Advance(PastUpstreamExpiry);
        try
        {
            var (status, _, _) = await McpHttp.CallAsync(client.Http, _stack.McpUrl, tokens.AccessToken, "initialize", McpHttp.InitializeParams);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        }
        finally
        {
            _stack.Idp.Script = new TokenScript();
        }
    }

    [Fact]
    public async Task IdpRefusingTheRefreshToken_EndsTheSession_GatewayAnswers401_ClientRefreshInvalidGrant()
    {
        using var client = new OAuthTestClient(_stack);
        var (registered, tokens) = await SignInAsync(client);

        _stack.Idp.Script = new TokenScript { RefreshError = "invalid_grant" };
        _stack.Clock.Advance(PastUpstreamExpiry);
        try
        {
            var (status, _, response) = await McpHttp.CallAsync(client.Http, _stack.McpUrl, tokens.AccessToken, "initialize", McpHttp.InitializeParams);
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            (await client.RefreshAsync(registered, tokens.RefreshToken)).AssertError(HttpStatusCode.BadRequest, "invalid_grant");
        }
        finally
        {
            _stack.Idp.Script = new TokenScript();
        }
    }

    [Fact]
    public async Task SignInWithoutAnUpstreamRefreshToken_IsNotRefreshed_AndExpiresAsBefore()
    {
        _stack.Idp.Script = new TokenScript { OmitRefreshToken = true };
        using var client = new OAuthTestClient(_stack);
        var (_, tokens) = await SignInAsync(client);
        _stack.Idp.Script = new TokenScript();
        var refreshesBefore = _stack.Idp.RefreshRequests;

        _stack.Clock.Advance(PastUpstreamExpiry);
        var (status, _, _) = await McpHttp.CallAsync(client.Http, _stack.McpUrl, tokens.AccessToken, "initialize", McpHttp.InitializeParams);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(refreshesBefore, _stack.Idp.RefreshRequests);
    }

    [Fact]
    public async Task UpstreamTokenWithoutExpiresIn_IsNotTreatedAsExpiringInAnHour()
    {
        _stack.Idp.Script = new TokenScript { OmitExpiresIn = true };
        using var client = new OAuthTestClient(_stack);
        var (_, tokens) = await SignInAsync(client);
        _stack.Idp.Script = new TokenScript();
        Assert.Null((await VaultOfAsync(tokens.AccessToken)).AccessTokenExpiresAt);
        var refreshesBefore = _stack.Idp.RefreshRequests;

        // An assumed one-hour lifetime would be within the refresh skew by now (the proxy's own token is still valid).
        _stack.Clock.Advance(TimeSpan.FromMinutes(59.5));
        var (status, _, _) = await McpHttp.CallAsync(client.Http, _stack.McpUrl, tokens.AccessToken, "initialize", McpHttp.InitializeParams);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(refreshesBefore, _stack.Idp.RefreshRequests);
    }

    private static async Task<(RegisteredTestClient Client, TokenResult Tokens)> SignInAsync(OAuthTestClient client)
    {
        // The scripted IdP signs in without a login page: its /authorize redirects straight back.
        var registered = await client.RegisterAsync();
        var verifier = CleanProxy.Domain.Authorization.Pkce.CreateVerifier();
        using var browser = new UserAgent();
        using var response = await browser.FollowUntilAsync(
            client.AuthorizeUrl(registered, CleanProxy.Domain.Authorization.Pkce.ComputeS256Challenge(verifier)), registered.RedirectUri);
        var tokens = await client.ExchangeCodeAsync(registered, UserAgent.QueryOf(response.Headers.Location!)["code"], verifier);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        return (registered, tokens);
    }

    private Task<CleanProxy.Domain.Sessions.UpstreamTokenVault> VaultOfAsync(string accessToken)
    {
        var sessionId = Guid.Parse(new JsonWebToken(accessToken).GetClaim("sid").Value);
        return _stack.QueryDatabaseAsync(db => db.UpstreamTokens.AsNoTracking().SingleAsync(v => v.SessionId == sessionId));
    }
}
