using CleanProxy.Domain.Clients;

namespace CleanProxy.UnitTests.Domain.Clients;

public sealed class OAuthClientTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void RequestedRegisteredRedirectUri_IsUsed()
    {
        var client = PublicClient("https://app.example.com/a", "https://app.example.com/b");

        var resolved = client.ResolveRedirectUri("https://app.example.com/b");

        Assert.Equal("https://app.example.com/b", resolved);
    }

    [Theory]
    [InlineData("https://app.example.com/c")]
    [InlineData("https://app.example.com/a/")]
    [InlineData("https://evil.example.com/a")]
    public void RequestedUnregisteredRedirectUri_IsNotResolved(string requested)
    {
        var client = PublicClient("https://app.example.com/a", "https://app.example.com/b");

        var resolved = client.ResolveRedirectUri(requested);

        Assert.Null(resolved);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void OmittedRedirectUri_WithOneRegistered_ResolvesToThatOne(string? requested)
    {
        var client = PublicClient("https://app.example.com/only");

        var resolved = client.ResolveRedirectUri(requested);

        Assert.Equal("https://app.example.com/only", resolved);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void OmittedRedirectUri_WithSeveralRegistered_IsNotResolved(string? requested)
    {
        var client = PublicClient("https://app.example.com/a", "https://app.example.com/b");

        var resolved = client.ResolveRedirectUri(requested);

        Assert.Null(resolved);
    }

    [Fact]
    public void LoopbackRedirectUriOnARuntimePort_ResolvesToTheRequestedUriWithItsPort()
    {
        var client = PublicClient("http://127.0.0.1/callback");

        var resolved = client.ResolveRedirectUri("http://127.0.0.1:53172/callback");

        Assert.Equal("http://127.0.0.1:53172/callback", resolved);
    }

    [Fact]
    public void PublicClientWithASecret_CannotBeRegistered()
    {
        Assert.Throws<ArgumentException>(() => Register(ClientAuthenticationMethod.None, secretHash: "pbkdf2-sha256$1$salt$hash"));
    }

    [Theory]
    [InlineData(ClientAuthenticationMethod.ClientSecretBasic)]
    [InlineData(ClientAuthenticationMethod.ClientSecretPost)]
    public void ConfidentialClientWithoutASecret_CannotBeRegistered(string method)
    {
        Assert.Throws<ArgumentException>(() => Register(method, secretHash: null));
    }

    [Theory]
    [InlineData(ClientAuthenticationMethod.ClientSecretBasic)]
    [InlineData(ClientAuthenticationMethod.ClientSecretPost)]
    public void ConfidentialClientWithASecret_IsConfidential(string method)
    {
        var client = Register(method, secretHash: "pbkdf2-sha256$1$salt$hash");

        Assert.True(client.IsConfidential);
        Assert.Equal("pbkdf2-sha256$1$salt$hash", client.SecretHash);
    }

    [Fact]
    public void PublicClientWithoutASecret_IsNotConfidential()
    {
        var client = Register(ClientAuthenticationMethod.None, secretHash: null);

        Assert.False(client.IsConfidential);
    }

    [Theory]
    [InlineData("private_key_jwt")]
    [InlineData("tls_client_auth")]
    [InlineData("")]
    [InlineData("NONE")]
    public void UnsupportedAuthenticationMethod_CannotBeRegistered(string method)
    {
        Assert.Throws<ArgumentException>(() => Register(method, secretHash: "hash"));
    }

    [Fact]
    public void ClientWithoutRedirectUris_CannotBeRegistered()
    {
        Assert.Throws<ArgumentException>(() => OAuthClient.Register(
            "client-1", ClientAuthenticationMethod.None, null, [], ["authorization_code"], null, null, Now));
    }

    [Fact]
    public void ClientWithoutClientId_CannotBeRegistered()
    {
        Assert.Throws<ArgumentException>(() => OAuthClient.Register(
            "", ClientAuthenticationMethod.None, null, ["https://app.example.com/cb"], ["authorization_code"], null, null, Now));
    }

    [Theory]
    [InlineData("authorization_code", true)]
    [InlineData("refresh_token", false)]
    [InlineData("client_credentials", false)]
    public void OnlyRegisteredGrantTypes_AreAllowed(string grantType, bool expected)
    {
        var client = OAuthClient.Register(
            "client-1", ClientAuthenticationMethod.None, null, ["https://app.example.com/cb"], ["authorization_code"], null, null, Now);

        Assert.Equal(expected, client.AllowsGrant(grantType));
    }

    private static OAuthClient PublicClient(params string[] redirectUris)
        => OAuthClient.Register(
            "client-1", ClientAuthenticationMethod.None, null, redirectUris, ["authorization_code", "refresh_token"], "App", null, Now);

    private static OAuthClient Register(string method, string? secretHash)
        => OAuthClient.Register(
            "client-1", method, secretHash, ["https://app.example.com/cb"], ["authorization_code"], "App", null, Now);
}
