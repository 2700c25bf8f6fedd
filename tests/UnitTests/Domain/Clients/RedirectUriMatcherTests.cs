using CleanProxy.Domain.Clients;

namespace CleanProxy.UnitTests.Domain.Clients;

public sealed class RedirectUriMatcherTests
{
    [Theory]
    [InlineData("https://app.example.com/cb")]
    [InlineData("https://app.example.com/cb?tenant=1")]
    [InlineData("cursor://anysphere.cursor-retrieval/oauth/callback")]
    [InlineData("com.example.app:/cb")]
    [InlineData("http://127.0.0.1/cb")]
    public void IdenticalUri_Matches(string uri)
    {
        Assert.True(RedirectUriMatcher.Matches(uri, uri));
    }

    [Theory]
    [InlineData("https://APP.example.com/cb")] // host case
    [InlineData("HTTPS://app.example.com/cb")] // scheme case
    [InlineData("https://app.example.com/CB")] // path case
    [InlineData("https://app.example.com/cb/")] // trailing slash
    [InlineData("https://app.example.com/cb?x=1")] // added query
    [InlineData("https://app.example.com/cb#x")] // added fragment
    [InlineData("https://app.example.com:443/cb")] // explicit default port: no normalisation
    [InlineData("https://app.example.com/cb/../cb")] // dot segments: no normalisation
    [InlineData("https://app.example.com/%63b")] // percent-encoding: no normalisation
    [InlineData("https://app.example.com/cb/more")] // longer path
    [InlineData("https://app.example.com.evil.com/cb")]
    public void AnyDifferenceFromANonLoopbackRegistration_DoesNotMatch(string requested)
    {
        Assert.False(RedirectUriMatcher.Matches("https://app.example.com/cb", requested));
    }

    [Theory]
    [InlineData("http://127.0.0.1/cb", "http://127.0.0.1:51234/cb")]
    [InlineData("http://127.0.0.1:8080/cb", "http://127.0.0.1:9999/cb")]
    [InlineData("http://127.0.0.1:8080/cb", "http://127.0.0.1/cb")]
    [InlineData("http://[::1]/cb", "http://[::1]:5000/cb")]
    [InlineData("http://[::1]:1/cb", "http://[::1]:65535/cb")]
    [InlineData("http://localhost/cb", "http://localhost:1234/cb")]
    [InlineData("http://localhost:3000/callback?x=1", "http://localhost:4000/callback?x=1")]
    [InlineData("http://127.0.0.1", "http://127.0.0.1:4000")]
    public void LoopbackRedirect_MatchesOnAnyPort(string registered, string requested)
    {
        Assert.True(RedirectUriMatcher.Matches(registered, requested));
    }

    [Theory]
    [InlineData("http://127.0.0.1:1234/other")]
    [InlineData("http://127.0.0.1:1234/cb/")]
    [InlineData("http://127.0.0.1:1234/CB")]
    [InlineData("http://127.0.0.1:1234/cb?x=1")]
    [InlineData("http://127.0.0.1:1234/cb#x")]
    [InlineData("http://127.0.0.1:1234")]
    public void LoopbackRedirectOnAnotherPort_MustStillMatchThePathExactly(string requested)
    {
        Assert.False(RedirectUriMatcher.Matches("http://127.0.0.1/cb", requested));
    }

    [Theory]
    [InlineData("http://127.0.0.1/cb", "http://localhost:1234/cb")]
    [InlineData("http://localhost/cb", "http://127.0.0.1:1234/cb")]
    [InlineData("http://[::1]/cb", "http://127.0.0.1:1234/cb")]
    [InlineData("http://127.0.0.1/cb", "http://127.0.0.2:1234/cb")]
    [InlineData("http://localhost/cb", "http://LOCALHOST:1234/cb")]
    public void LoopbackRedirectOnAnotherLoopbackHost_DoesNotMatch(string registered, string requested)
    {
        Assert.False(RedirectUriMatcher.Matches(registered, requested));
    }

    [Theory]
    [InlineData("https://127.0.0.1/cb", "https://127.0.0.1:1234/cb")]
    [InlineData("https://localhost:1/cb", "https://localhost:2/cb")]
    [InlineData("https://[::1]/cb", "https://[::1]:5000/cb")]
    [InlineData("http://127.0.0.1/cb", "https://127.0.0.1:1234/cb")]
    [InlineData("HTTP://127.0.0.1/cb", "HTTP://127.0.0.1:1234/cb")]
    public void HttpsOrOtherSchemeLoopback_GetsNoPortExemption(string registered, string requested)
    {
        Assert.False(RedirectUriMatcher.Matches(registered, requested));
    }

    [Theory]
    [InlineData("http://127.0.0.1.evil.com:80/cb")]
    [InlineData("http://127.0.0.1.evil.com/cb")]
    [InlineData("http://localhost.evil.com:80/cb")]
    [InlineData("http://127.0.0.1:80.evil.com/cb")]
    [InlineData("http://127.0.0.1:/cb")]
    [InlineData("http://127.0.0.1:8o/cb")]
    public void HostThatOnlyStartsLikeLoopback_NeverMatches(string requested)
    {
        Assert.False(RedirectUriMatcher.Matches("http://127.0.0.1/cb", requested));
    }

    [Theory]
    [InlineData("http://127.0.0.1/cb", "http://127.0.0.1@evil.com/cb")]
    [InlineData("http://127.0.0.1/cb", "http://127.0.0.1:80@evil.com/cb")]
    [InlineData("http://127.0.0.1/cb", "http://evil.com@127.0.0.1:1234/cb")]
    [InlineData("http://127.0.0.1/cb", "http://user:pass@127.0.0.1:1234/cb")]
    [InlineData("http://127.0.0.1/cb", "http://127.0.0.1:1234\\@evil.com/cb")]
    [InlineData("http://localhost/cb", "http://localhost:1234@evil.com/cb")]
    [InlineData("http://[::1]/cb", "http://[::1]@evil.com/cb")]
    [InlineData("http://[::1]/cb", "http://[::1]:1234@evil.com/cb")]
    public void UserinfoTricks_NeverMatchALoopbackRegistration(string registered, string requested)
    {
        Assert.False(RedirectUriMatcher.Matches(registered, requested));
    }

    [Theory]
    [InlineData("http://127.0.0.1/cb", true)]
    [InlineData("http://127.0.0.1:8080/cb", true)]
    [InlineData("http://[::1]:8080/cb", true)]
    [InlineData("http://localhost", true)]
    [InlineData("https://127.0.0.1/cb", false)]
    [InlineData("http://127.0.0.2/cb", false)]
    [InlineData("http://127.0.0.1.evil.com/cb", false)]
    [InlineData("http://[::1]evil/cb", false)]
    [InlineData("http://[::1/cb", false)]
    [InlineData("http://127.0.0.1@evil.com/cb", false)]
    [InlineData("http://app.example.com/cb", false)]
    [InlineData("cursor://127.0.0.1/cb", false)]
    public void IsLoopback_AcceptsOnlyPlainHttpToALoopbackHost(string uri, bool expected)
    {
        Assert.Equal(expected, RedirectUriMatcher.IsLoopback(uri));
    }
}
