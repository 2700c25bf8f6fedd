using System.Security.Cryptography;
using System.Text;
using CleanProxy.Domain.Authorization;
using Microsoft.Extensions.Time.Testing;

namespace CleanProxy.UnitTests.Domain.Authorization;

public sealed class AuthorizationCodeTests
{
    private const string Code = "fac_the-code";
    private const string ClientId = "client-1";
    private const string RedirectUri = "http://127.0.0.1:5000/cb";
    private const string Verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private const string Challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void MatchingTokenRequest_RedeemsTheCode_AndRecordsWhen()
    {
        var code = IssueCode();
        _time.Advance(TimeSpan.FromSeconds(5));

        var outcome = code.Redeem(ClientId, RedirectUri, Verifier, _time.GetUtcNow());

        Assert.Equal(CodeRedemption.Redeemed, outcome);
        Assert.Equal(_time.GetUtcNow(), code.RedeemedAt);
    }

    [Fact]
    public void RedeemedCodePresentedAgain_IsReported_AsReplay()
    {
        var code = IssueCode();
        code.Redeem(ClientId, RedirectUri, Verifier, _time.GetUtcNow());
        var firstRedemption = code.RedeemedAt;
        _time.Advance(TimeSpan.FromSeconds(1));

        var outcome = code.Redeem(ClientId, RedirectUri, Verifier, _time.GetUtcNow());

        Assert.Equal(CodeRedemption.Replayed, outcome);
        Assert.Equal(firstRedemption, code.RedeemedAt);
    }

    [Fact]
    public void RedeemedCodePresentedAgainAfterItsLifetime_IsStillReported_AsReplay()
    {
        // The replay must be recognised as such so the caller revokes what the first redemption issued.
        var code = IssueCode();
        code.Redeem(ClientId, RedirectUri, Verifier, _time.GetUtcNow());
        _time.Advance(TimeSpan.FromMinutes(5));

        var outcome = code.Redeem(ClientId, RedirectUri, Verifier, _time.GetUtcNow());

        Assert.Equal(CodeRedemption.Replayed, outcome);
    }

    [Fact]
    public void CodePresentedAtExactlyItsSixtySecondLifetime_IsExpired()
    {
        var code = IssueCode();
        _time.Advance(TimeSpan.FromSeconds(60));

        var outcome = code.Redeem(ClientId, RedirectUri, Verifier, _time.GetUtcNow());

        Assert.Equal(CodeRedemption.Expired, outcome);
        Assert.Null(code.RedeemedAt);
    }

    [Fact]
    public void CodePresentedJustBeforeItsLifetimeEnds_IsRedeemed()
    {
        var code = IssueCode();
        _time.Advance(TimeSpan.FromSeconds(60) - TimeSpan.FromMilliseconds(1));

        var outcome = code.Redeem(ClientId, RedirectUri, Verifier, _time.GetUtcNow());

        Assert.Equal(CodeRedemption.Redeemed, outcome);
    }

    [Fact]
    public void CodePresentedByAnotherClient_IsReported_AsWrongClient()
    {
        var code = IssueCode();

        var outcome = code.Redeem("client-2", RedirectUri, Verifier, _time.GetUtcNow());

        Assert.Equal(CodeRedemption.WrongClient, outcome);
    }

    [Fact]
    public void ClientIdDifferingOnlyInCase_IsReported_AsWrongClient()
    {
        var code = IssueCode();

        var outcome = code.Redeem(ClientId.ToUpperInvariant(), RedirectUri, Verifier, _time.GetUtcNow());

        Assert.Equal(CodeRedemption.WrongClient, outcome);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/other")]
    [InlineData("http://127.0.0.1:5000/cb/")]
    [InlineData("http://127.0.0.1:6000/cb")] // the loopback port exemption is for authorize, not for the code binding
    [InlineData("http://localhost:5000/cb")]
    [InlineData("")]
    public void DifferentRedirectUriAtTheTokenEndpoint_IsReported_AsMismatch(string redirectUri)
    {
        var code = IssueCode();

        var outcome = code.Redeem(ClientId, redirectUri, Verifier, _time.GetUtcNow());

        Assert.Equal(CodeRedemption.RedirectUriMismatch, outcome);
    }

    [Fact]
    public void RedirectUriOmittedAtTheTokenEndpoint_WhenItWasSentAtAuthorize_IsReported_AsMismatch()
    {
        var code = IssueCode(redirectUriWasRequested: true);

        var outcome = code.Redeem(ClientId, redirectUri: null, Verifier, _time.GetUtcNow());

        Assert.Equal(CodeRedemption.RedirectUriMismatch, outcome);
    }

    [Fact]
    public void RedirectUriOmittedAtTheTokenEndpoint_WhenItWasNotSentAtAuthorize_IsRedeemed()
    {
        var code = IssueCode(redirectUriWasRequested: false);

        var outcome = code.Redeem(ClientId, redirectUri: null, Verifier, _time.GetUtcNow());

        Assert.Equal(CodeRedemption.Redeemed, outcome);
    }

    [Fact]
    public void RedirectUriSentOnlyAtTheTokenEndpoint_IsRedeemed_WhenItIsTheResolvedOne()
    {
        var code = IssueCode(redirectUriWasRequested: false);

        var outcome = code.Redeem(ClientId, RedirectUri, Verifier, _time.GetUtcNow());

        Assert.Equal(CodeRedemption.Redeemed, outcome);
    }

    [Fact]
    public void RedirectUriSentOnlyAtTheTokenEndpoint_IsReported_AsMismatch_WhenItIsAnotherOne()
    {
        var code = IssueCode(redirectUriWasRequested: false);

        var outcome = code.Redeem(ClientId, "http://127.0.0.1:5000/other", Verifier, _time.GetUtcNow());

        Assert.Equal(CodeRedemption.RedirectUriMismatch, outcome);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData(Challenge)] // the challenge itself is public: presenting it as verifier must fail
    [InlineData("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXK")] // last character changed
    public void WrongCodeVerifier_IsReported_AsPkceFailure(string? verifier)
    {
        var code = IssueCode();

        var outcome = code.Redeem(ClientId, RedirectUri, verifier, _time.GetUtcNow());

        Assert.Equal(CodeRedemption.PkceFailed, outcome);
    }

    [Theory]
    [InlineData("client-2", RedirectUri, Verifier, 0)]
    [InlineData(ClientId, "http://127.0.0.1:5000/other", Verifier, 0)]
    [InlineData(ClientId, RedirectUri, "wrong-verifier-wrong-verifier-wrong-verifier", 0)]
    [InlineData(ClientId, RedirectUri, Verifier, 60)]
    public void FailedRedemption_DoesNotMarkTheCodeRedeemed(string clientId, string redirectUri, string verifier, int secondsLater)
    {
        var code = IssueCode();
        _time.Advance(TimeSpan.FromSeconds(secondsLater));

        var outcome = code.Redeem(clientId, redirectUri, verifier, _time.GetUtcNow());

        Assert.NotEqual(CodeRedemption.Redeemed, outcome);
        Assert.Null(code.RedeemedAt);
    }

    [Fact]
    public void IssuedCode_IsBoundToTheAuthorizationRequest()
    {
        var pending = Pending(redirectUriWasRequested: true);
        _time.Advance(TimeSpan.FromSeconds(30));

        var code = AuthorizationCode.Issue(Code, Guid.NewGuid(), pending, _time.GetUtcNow());

        Assert.Equal(pending.ClientId, code.ClientId);
        Assert.Equal(pending.RedirectUri, code.RedirectUri);
        Assert.Equal(pending.RedirectUriWasRequested, code.RedirectUriWasRequested);
        Assert.Equal(pending.CodeChallenge, code.CodeChallenge);
        Assert.Equal(pending.Scope, code.Scope);
        Assert.Equal(pending.Resource, code.Resource);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(60), code.ExpiresAt);
    }

    [Fact]
    public void IssuedCode_IsStoredOnlyAsItsSha256()
    {
        var code = IssueCode();

        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(Code)), code.CodeHash);
        DomainObjectAssert.HoldsNoTraceOf(code, Code);
    }

    private AuthorizationCode IssueCode(bool redirectUriWasRequested = true)
        => AuthorizationCode.Issue(Code, Guid.NewGuid(), Pending(redirectUriWasRequested), _time.GetUtcNow());

    private PendingAuthorization Pending(bool redirectUriWasRequested)
        => PendingAuthorization.Create(
            upstreamState: "upstream-state",
            clientId: ClientId,
            redirectUri: RedirectUri,
            redirectUriWasRequested: redirectUriWasRequested,
            codeChallenge: Challenge,
            scope: "openid profile",
            resource: "https://mcp.example.com/mcp",
            clientState: "client-state",
            upstreamNonce: "nonce",
            upstreamCodeVerifier: "upstream-verifier",
            now: _time.GetUtcNow());
}
