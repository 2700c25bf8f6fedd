using CleanProxy.Domain.Clients;

namespace CleanProxy.UnitTests.Domain.Clients;

public sealed class RedirectUriPolicyTests
{
    [Theory]
    [InlineData("https://app.example.com/cb")]
    [InlineData("https://app.example.com/cb?tenant=1")]
    [InlineData("https://app.example.com:8443/oauth/callback")]
    [InlineData("http://127.0.0.1/cb")]
    [InlineData("http://127.0.0.1:8080/cb")]
    [InlineData("http://[::1]:8080/cb")]
    [InlineData("http://localhost:3000/callback")]
    [InlineData("cursor://anysphere.cursor-retrieval/oauth/callback")]
    [InlineData("com.example.app:/cb")]
    [InlineData("vscode://vscode.github-authentication/did-authenticate")]
    public void AcceptableRedirectUri_CanBeRegistered(string uri)
    {
        var refusal = RedirectUriPolicy.Check(uri);

        Assert.Null(refusal);
    }

    [Theory]
    [InlineData("javascript:alert(document.cookie)", "javascript")]
    [InlineData("JavaScript:alert(1)", "javascript")]
    [InlineData("javascript://app.example.com/%0Aalert(1)", "javascript")]
    [InlineData("data:text/html,<script>alert(1)</script>", "data")]
    [InlineData("file:///etc/passwd", "file")]
    [InlineData("vbscript:msgbox(1)", "vbscript")]
    [InlineData("about:blank", "about")]
    public void ScriptOrLocalScheme_IsRefused(string uri, string scheme)
    {
        var refusal = RedirectUriPolicy.Check(uri);

        Assert.NotNull(refusal);
        Assert.Contains($"'{scheme}' scheme", refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://app.example.com/cb#")]
    [InlineData("https://app.example.com/cb#frag")]
    [InlineData("http://127.0.0.1:8080/cb#frag")]
    [InlineData("com.example.app:/cb#frag")]
    public void Fragment_IsRefused(string uri)
    {
        var refusal = RedirectUriPolicy.Check(uri);

        Assert.NotNull(refusal);
        Assert.Contains("fragment", refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://user@app.example.com/cb")]
    [InlineData("https://user:pass@app.example.com/cb")]
    [InlineData("http://user@127.0.0.1:8080/cb")]
    [InlineData("http://127.0.0.1:80@evil.com/cb")]
    [InlineData("https://app.example.com@evil.com/cb")]
    public void Userinfo_IsRefused(string uri)
    {
        var refusal = RedirectUriPolicy.Check(uri);

        Assert.NotNull(refusal);
        Assert.Contains("credentials", refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://app.example.com/cb")]
    [InlineData("http://127.0.0.1.evil.com/cb")]
    [InlineData("http://localhost.evil.com/cb")]
    [InlineData("http://10.0.0.5/cb")]
    public void PlainHttpOnANonLoopbackHost_IsRefused(string uri)
    {
        var refusal = RedirectUriPolicy.Check(uri);

        Assert.NotNull(refusal);
        Assert.Contains("loopback", refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("/relative/cb")]
    [InlineData("cb")]
    public void MissingOrRelativeUri_IsRefused(string? uri)
    {
        var refusal = RedirectUriPolicy.Check(uri);

        Assert.NotNull(refusal);
    }

    [Fact]
    public void UriOfExactlyTheMaximumLength_CanBeRegistered()
    {
        var uri = WithLength(RedirectUriPolicy.MaxLength);

        var refusal = RedirectUriPolicy.Check(uri);

        Assert.Null(refusal);
    }

    [Fact]
    public void OverLongUri_IsRefused()
    {
        var uri = WithLength(RedirectUriPolicy.MaxLength + 1);

        var refusal = RedirectUriPolicy.Check(uri);

        Assert.NotNull(refusal);
        Assert.Contains("at most", refusal, StringComparison.Ordinal);
    }

    private static string WithLength(int length)
    {
        const string prefix = "https://app.example.com/";
        return prefix + new string('a', length - prefix.Length);
    }
}
