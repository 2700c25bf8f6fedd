using System.Diagnostics;
using System.Net;
using CleanProxy.Domain.Authorization;
using CleanProxy.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace CleanProxy.IntegrationTests.Faults;

/// <summary>
/// Whatever the IdP's token endpoint does wrong during sign-in, the client gets a standard OAuth error on its
/// redirect URI with its state and the proxy's iss — never a 500 page, a _stack trace or a half-written session.
/// </summary>
public sealed class UpstreamSignInFaultTests : IClassFixture<ScriptedIdpStack>
{
    private readonly ScriptedIdpStack _stack;

    /// <summary>Each test starts with a well-behaved IdP, whatever the previous one left scripted.</summary>
    public UpstreamSignInFaultTests(ScriptedIdpStack stack)
    {
        _stack = stack;
        stack.Idp.Script = new TokenScript();
    }

    public static TheoryData<string, string> Faults => new()
    {
        { "slow beyond the timeout", "temporarily_unavailable" },
        { "500 with an HTML page", "temporarily_unavailable" },
        { "200 with an HTML page", "temporarily_unavailable" },
        { "huge body", "temporarily_unavailable" },
        { "400 invalid_grant", "server_error" },
        { "no access_token", "server_error" },
        { "no id_token", "server_error" },
        { "wrong nonce", "server_error" },
        { "wrong iss", "server_error" },
        { "wrong aud", "server_error" },
        { "expired id_token", "server_error" },
        { "id_token signed with an unpublished key", "server_error" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task FaultyTokenEndpoint_ReachesTheClientAsAnOAuthErrorRedirect(string fault, string expectedError)
    {
        _stack.Idp.Script = fault switch
        {
            "slow beyond the timeout" => new TokenScript { Delay = TimeSpan.FromSeconds(5) },
            "500 with an HTML page" => new TokenScript { Raw = (500, "text/html", "<html><body><h1>Internal Server Error</h1></body></html>") },
            "200 with an HTML page" => new TokenScript { Raw = (200, "text/html", "<html><body>Please log in</body></html>") },
            "huge body" => new TokenScript { Raw = (200, "application/json", "{\"access_token\":\"" + new string('a', 3 * 1024 * 1024) + "\"}") },
            "400 invalid_grant" => new TokenScript { Raw = (400, "application/json", "{\"error\":\"invalid_grant\"}") },
            "no access_token" => new TokenScript { OmitAccessToken = true },
            "no id_token" => new TokenScript { OmitIdToken = true },
            "wrong nonce" => new TokenScript { Nonce = "not-the-nonce-the-proxy-sent" },
            "wrong iss" => new TokenScript { Issuer = "http://127.0.0.1:1/evil" },
            "wrong aud" => new TokenScript { Audience = "another-client" },
            "expired id_token" => new TokenScript { IdTokenLifetime = TimeSpan.FromMinutes(-10) },
            "id_token signed with an unpublished key" => new TokenScript { SigningKeyId = "key-3" },
            _ => throw new ArgumentOutOfRangeException(nameof(fault)),
        };
        try
        {
            using var client = new OAuthTestClient(_stack);
            var sessionsBefore = await _stack.QueryDatabaseAsync(db => db.Sessions.CountAsync());
            var registered = await client.RegisterAsync();
            using var browser = new UserAgent();

            var elapsed = Stopwatch.StartNew();
            using var response = await browser.FollowUntilAsync(
                client.AuthorizeUrl(registered, Pkce.ComputeS256Challenge(Pkce.CreateVerifier()), state: "fault-state"), registered.RedirectUri);

            Assert.Equal(HttpStatusCode.Found, response.StatusCode);
            var query = UserAgent.QueryOf(response.Headers.Location!);
            Assert.Equal(expectedError, query["error"]);
            Assert.False(string.IsNullOrWhiteSpace(query["error_description"]));
            Assert.Equal("fault-state", query["state"]);
            Assert.Equal(_stack.ProxyUrl, query["iss"]);
            Assert.False(query.ContainsKey("code"));
            Assert.Equal(sessionsBefore, await _stack.QueryDatabaseAsync(db => db.Sessions.CountAsync()));
            Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(12), $"took {elapsed.Elapsed}");
        }
        finally
        {
            _stack.Idp.Script = new TokenScript();
        }
    }

    [Fact]
    public async Task RotatedSigningKey_IsFetchedOnce_ButUnknownKeysCauseNoRefetchStorm()
    {
        using var client = new OAuthTestClient(_stack);

        // A first sign-in caches the JWKS (key-1).
        await SignInAsync(client);

        // Later (past the refetch throttle, which other unknown-key sign-ins may have used), the IdP rotates to key-2:
        // one refetch finds it.
        _stack.Clock.Advance(CleanProxy.Infrastructure.Upstream.UpstreamMetadata.UnknownKeyRefetchInterval);
        _stack.Idp.PublishedKeyIds = ["key-1", "key-2"];
        _stack.Idp.Script = new TokenScript { SigningKeyId = "key-2" };
        var before = _stack.Idp.JwksRequests;
        Assert.True(await SignInAsync(client), "a sign-in with the rotated key should succeed: " + string.Join("\n", _stack.ProxyLogs.Lines.Where(l => l.Contains("id_token", StringComparison.Ordinal))));
        Assert.Equal(before + 1, _stack.Idp.JwksRequests);

        // id_tokens signed with a key the IdP never publishes: refused, and the JWKS is not fetched for each one.
        _stack.Idp.Script = new TokenScript { SigningKeyId = "key-3" };
        before = _stack.Idp.JwksRequests;
        for (var i = 0; i < 5; i++)
        {
            Assert.False(await SignInAsync(client));
        }

        Assert.True(_stack.Idp.JwksRequests - before <= 1, $"{_stack.Idp.JwksRequests - before} JWKS requests for 5 sign-ins");
        _stack.Idp.Script = new TokenScript();
    }

    /// <summary>True when the client got a code.</summary>
    private async Task<bool> SignInAsync(OAuthTestClient client)
    {
        var registered = await client.RegisterAsync();
        using var browser = new UserAgent();
        using var response = await browser.FollowUntilAsync(
            client.AuthorizeUrl(registered, Pkce.ComputeS256Challenge(Pkce.CreateVerifier())), registered.RedirectUri);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        return UserAgent.QueryOf(response.Headers.Location!).ContainsKey("code");
    }
}
