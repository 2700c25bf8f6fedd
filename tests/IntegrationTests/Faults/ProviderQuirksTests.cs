using System.Net;
using CleanProxy.Domain.Authorization;
using CleanProxy.IntegrationTests.Support;
using Microsoft.IdentityModel.JsonWebTokens;

namespace CleanProxy.IntegrationTests.Faults;

/// <summary>Per-provider parameters reach the IdP on the authorization request, the code exchange and refreshes.</summary>
public sealed class ProviderParametersTests(ScriptedIdpStack stack) : IClassFixture<ScriptedIdpStack>
{
    [Fact]
    public async Task ExtraParameters_AreSentUpstream_WithoutReplacingTheProxysOwn()
    {
        using var client = new OAuthTestClient(stack);
        var (registered, tokens) = await ScriptedSignIn.SignInAsync(client);

        Assert.Equal("offline", stack.Idp.LastAuthorizeQuery["access_type"]);
        Assert.Equal("https://api.example.test", stack.Idp.LastAuthorizeQuery["audience"]);
        Assert.Equal("S256", stack.Idp.LastAuthorizeQuery["code_challenge_method"]);

        // Scopes sent upstream come from configuration, never from the client's resource.
        Assert.Equal("openid profile email", stack.Idp.LastAuthorizeQuery["scope"]);
        Assert.False(stack.Idp.LastAuthorizeQuery.ContainsKey("resource"));
        Assert.Equal("https://api.example.test", stack.Idp.LastTokenForm["audience"]);
        Assert.Equal("authorization_code", stack.Idp.LastTokenForm["grant_type"]);

        // Some IdPs (GitHub) answer form-encoded unless asked for JSON.
        Assert.Equal("application/json", stack.Idp.LastTokenAccept);

        stack.Clock.Advance(TimeSpan.FromSeconds(ScriptedIdentityProvider.AccessTokenLifetimeSeconds));
        Assert.Equal(HttpStatusCode.OK, (await client.RefreshAsync(registered, tokens.RefreshToken)).Status);
        Assert.Equal("refresh_token", stack.Idp.LastTokenForm["grant_type"]);
        Assert.Equal("https://api.example.test", stack.Idp.LastTokenForm["audience"]);
    }
}

/// <summary>An OAuth-2-only provider (no openid, no id_token), GitHub-like: the subject is userinfo's numeric id.</summary>
public sealed class ScriptedOAuth2Stack() : ScriptedIdpStack(new Dictionary<string, string?>
{
    ["CleanProxy:Auth:Remote:Scopes:0"] = "read:user",
    ["CleanProxy:Auth:Remote:Scopes:1"] = "user:email",
    ["CleanProxy:Auth:Remote:Scopes:2"] = "",
    ["CleanProxy:Auth:Remote:SubjectClaim"] = "id",
});

public sealed class OAuth2OnlyProviderTests(ScriptedOAuth2Stack stack) : IClassFixture<ScriptedOAuth2Stack>
{
    [Fact]
    public async Task SignInWithoutIdToken_TakesTheSubjectFromTheConfiguredUserInfoClaim()
    {
        stack.Idp.Script = new TokenScript { OmitIdToken = true };
        using var client = new OAuthTestClient(stack);
        var (_, tokens) = await ScriptedSignIn.SignInAsync(client);

        Assert.Equal("4242", new JsonWebToken(tokens.AccessToken).Subject);
        Assert.False(stack.Idp.LastAuthorizeQuery.ContainsKey("nonce"));
    }
}

internal static class ScriptedSignIn
{
    /// <summary>The scripted IdP signs in without a login page: its /authorize redirects straight back.</summary>
    public static async Task<(RegisteredTestClient Client, TokenResult Tokens)> SignInAsync(OAuthTestClient client)
    {
        var registered = await client.RegisterAsync();
        var verifier = Pkce.CreateVerifier();
        using var browser = new UserAgent();
        using var response = await browser.FollowUntilAsync(client.AuthorizeUrl(registered, Pkce.ComputeS256Challenge(verifier)), registered.RedirectUri);
        var query = UserAgent.QueryOf(response.Headers.Location!);
        Assert.True(query.ContainsKey("code"), "Expected a code, got " + response.Headers.Location);
        var tokens = await client.ExchangeCodeAsync(registered, query["code"], verifier);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        return (registered, tokens);
    }
}
