using System.Diagnostics;
using System.Net;
using CleanProxy.Domain.Authorization;
using CleanProxy.IntegrationTests.Support;

namespace CleanProxy.IntegrationTests.Faults;

/// <summary>A breaker that opens after two failed calls and stays open for two seconds (the defaults are 10 and 15 s).</summary>
public sealed class ScriptedBreakerStack() : ScriptedIdpStack(new Dictionary<string, string?>
{
    ["CleanProxy:Auth:Remote:CircuitBreaker:MinimumThroughput"] = "2",
    ["CleanProxy:Auth:Remote:CircuitBreaker:FailureRatio"] = "0.5",
    ["CleanProxy:Auth:Remote:CircuitBreaker:SamplingDurationSeconds"] = "30",
    ["CleanProxy:Auth:Remote:CircuitBreaker:BreakDurationSeconds"] = "2",
});

/// <summary>
/// An IdP whose token or userinfo endpoint keeps failing trips the breaker: further sign-ins fail at once with
/// temporarily_unavailable without reaching the IdP, and after the break duration the proxy tries it again.
/// </summary>
public sealed class UpstreamCircuitBreakerTests(ScriptedBreakerStack stack) : IClassFixture<ScriptedBreakerStack>
{
    private static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(2);

    [Theory]
    [InlineData("token")]
    [InlineData("userinfo")]
    public async Task FailingEndpoint_OpensTheBreaker_SignInsFailFastWithoutReachingTheIdp_ThenItIsTriedAgain(string endpoint)
    {
        using var client = new OAuthTestClient(stack);
        var elapsed = Stopwatch.StartNew();
        try
        {
            Break(endpoint);

            // The first failures reach the IdP (userinfo is a GET, retried twice per sign-in).
            Assert.Equal("temporarily_unavailable", await SignInErrorAsync(client));
            Assert.True(IdpRequests > 0);
            if (endpoint == "token")
            {
                Assert.Equal("temporarily_unavailable", await SignInErrorAsync(client));
            }

            // Open: neither the failing endpoint nor any other is called, even once the IdP has recovered.
            var reachedBefore = IdpRequests;
            var opened = Stopwatch.StartNew();
            Assert.Equal("temporarily_unavailable", await SignInErrorAsync(client));
            Repair();
            Assert.Equal("temporarily_unavailable", await SignInErrorAsync(client));
            Assert.Equal(reachedBefore, IdpRequests);
            Assert.Contains(stack.ProxyLogs.Lines, line => line.Contains("BrokenCircuit", StringComparison.Ordinal)
                                                          || line.Contains("circuit", StringComparison.OrdinalIgnoreCase));

            // After the break duration the IdP is tried again, and the sign-in goes through.
            var remaining = BreakDuration - opened.Elapsed + TimeSpan.FromMilliseconds(200);
            if (remaining > TimeSpan.Zero)
            {
                await Task.Delay(remaining);
            }

            Assert.Null(await SignInErrorAsync(client));
            Assert.True(IdpRequests > reachedBefore);
            Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(8), $"took {elapsed.Elapsed}");
        }
        finally
        {
            Repair();
        }
    }

    private int IdpRequests => stack.Idp.TokenRequests + stack.Idp.UserInfoRequests;

    private void Break(string endpoint)
    {
        if (endpoint == "token")
        {
            stack.Idp.Script = new TokenScript { Raw = (503, "text/html", "<html><body>Service Unavailable</body></html>") };
        }
        else
        {
            stack.Idp.UserInfoStatus = 502;
        }
    }

    private void Repair()
    {
        stack.Idp.Script = new TokenScript();
        stack.Idp.UserInfoStatus = 200;
    }

    /// <summary>The error the client's redirect URI receives, or null when it received a code.</summary>
    private async Task<string?> SignInErrorAsync(OAuthTestClient client)
    {
        var registered = await client.RegisterAsync();
        using var browser = new UserAgent();
        using var response = await browser.FollowUntilAsync(
            client.AuthorizeUrl(registered, Pkce.ComputeS256Challenge(Pkce.CreateVerifier()), state: "breaker-state"), registered.RedirectUri);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var query = UserAgent.QueryOf(response.Headers.Location!);
        Assert.Equal("breaker-state", query["state"]);
        return query.TryGetValue("error", out var error) ? error : null;
    }
}
