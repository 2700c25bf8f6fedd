using CleanProxy.Application.Authorization.Commands.HandleUpstreamCallback;
using CleanProxy.Application.Clients.Commands.RegisterClient;
using CleanProxy.Application.Common.Interfaces;
using CleanProxy.Application.Common.OAuth;
using CleanProxy.Application.Common.Security;
using CleanProxy.Application.Gateway.Queries.AuthorizeGatewayRequest;
using CleanProxy.Application.Tokens.Commands.ExchangeAuthorizationCode;
using CleanProxy.Application.Tokens.Commands.RefreshAccessToken;
using CleanProxy.Application.Tokens.Commands.RevokeToken;
using CleanProxy.Application.Tokens.Common;

namespace CleanProxy.UnitTests.Application;

/// <summary>Records that carry secrets are logged and shown in exceptions by their ToString: it must never print a secret.</summary>
public sealed class SecretHygieneTests
{
    private static readonly ClientCredentials Credentials = new("client-1", "SECRET-CLIENT-SECRET", ClientCredentialSource.BasicHeader);

    private static readonly Dictionary<string, (object Record, string[] Secrets)> Samples = new()
    {
        [nameof(ClientCredentials)] = (Credentials, ["SECRET-CLIENT-SECRET"]),
        [nameof(UpstreamCodeExchange)] = (
            new UpstreamCodeExchange("SECRET-UPSTREAM-CODE", "SECRET-UPSTREAM-VERIFIER", "SECRET-NONCE"),
            ["SECRET-UPSTREAM-CODE", "SECRET-UPSTREAM-VERIFIER", "SECRET-NONCE"]),
        [nameof(UpstreamAuthorizationRequest)] = (
            new UpstreamAuthorizationRequest("SECRET-STATE", "SECRET-NONCE", "SECRET-CHALLENGE", ["openid"]),
            ["SECRET-STATE", "SECRET-NONCE", "SECRET-CHALLENGE"]),
        [nameof(UpstreamSignIn)] = (
            new UpstreamSignIn("subject-1", "{\"email\":\"a@example.com\"}", new UpstreamTokens("SECRET-ACCESS", "SECRET-REFRESH", null)),
            ["SECRET-ACCESS", "SECRET-REFRESH"]),
        [nameof(UpstreamTokens)] = (
            new UpstreamTokens("SECRET-ACCESS", "SECRET-REFRESH", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)),
            ["SECRET-ACCESS", "SECRET-REFRESH"]),
        [nameof(TokenResponse)] = (
            new TokenResponse("SECRET-ACCESS", "Bearer", 3600, "SECRET-REFRESH", "openid"),
            ["SECRET-ACCESS", "SECRET-REFRESH"]),
        [nameof(RegisteredClient)] = (
            new RegisteredClient("client-1", "SECRET-CLIENT-SECRET", 1, 0, ["https://app.example.com/cb"], "client_secret_basic", ["authorization_code"], ["code"], "App", null),
            ["SECRET-CLIENT-SECRET"]),
        [nameof(ExchangeAuthorizationCodeCommand)] = (
            new ExchangeAuthorizationCodeCommand(Credentials, "SECRET-CODE", "https://app.example.com/cb", "SECRET-VERIFIER", null),
            ["SECRET-CLIENT-SECRET", "SECRET-CODE", "SECRET-VERIFIER"]),
        [nameof(RefreshAccessTokenCommand)] = (
            new RefreshAccessTokenCommand(Credentials, "SECRET-REFRESH", "openid", null),
            ["SECRET-CLIENT-SECRET", "SECRET-REFRESH"]),
        [nameof(RevokeTokenCommand)] = (
            new RevokeTokenCommand(Credentials, "SECRET-TOKEN", "refresh_token"),
            ["SECRET-CLIENT-SECRET", "SECRET-TOKEN"]),
        [nameof(HandleUpstreamCallbackCommand)] = (
            new HandleUpstreamCallbackCommand("SECRET-STATE", "SECRET-UPSTREAM-CODE", null, null),
            ["SECRET-STATE", "SECRET-UPSTREAM-CODE"]),
        [nameof(AuthorizeGatewayRequestQuery)] = (
            new AuthorizeGatewayRequestQuery("SECRET-BEARER"),
            ["SECRET-BEARER"]),
        [nameof(GatewayGrant)] = (
            new GatewayGrant(Guid.NewGuid(), "subject-1", "client-1", "SECRET-UPSTREAM-ACCESS"),
            ["SECRET-UPSTREAM-ACCESS"]),
        [nameof(BrowserRedirect)] = (
            AuthorizationResponse.Success("https://app.example.com/cb", "SECRET-CODE", "SECRET-STATE", "https://proxy.example.com"),
            ["SECRET-CODE", "SECRET-STATE"]),
    };

    public static TheoryData<string> RecordsCarryingSecrets => [.. Samples.Keys];

    [Theory]
    [MemberData(nameof(RecordsCarryingSecrets))]
    public void RecordCarryingSecrets_DoesNotPrintThem(string recordName)
    {
        var (record, secrets) = Samples[recordName];

        var printed = record.ToString()!;

        Assert.All(secrets, secret => Assert.DoesNotContain(secret, printed, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(RecordsCarryingSecrets))]
    public void RecordCarryingSecrets_StillPrintsItsTypeName(string recordName)
    {
        // Guards the test above: a ToString that threw or printed nothing at all would pass it vacuously.
        var (record, _) = Samples[recordName];

        var printed = record.ToString()!;

        Assert.StartsWith(recordName + " {", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void PrintedBrowserRedirect_NamesItsParameters_ButNotTheirValues()
    {
        var redirect = AuthorizationResponse.Success("https://app.example.com/cb", "SECRET-CODE", "SECRET-STATE", "https://proxy.example.com");

        var printed = redirect.ToString();

        Assert.Contains("code", printed, StringComparison.Ordinal);
        Assert.Contains("state", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void PrintedTokenCommand_KeepsTheClientIdForDiagnosis()
    {
        var command = new ExchangeAuthorizationCodeCommand(Credentials, "SECRET-CODE", "https://app.example.com/cb", "SECRET-VERIFIER", null);

        var printed = command.ToString();

        Assert.Contains("client-1", printed, StringComparison.Ordinal);
    }
}
