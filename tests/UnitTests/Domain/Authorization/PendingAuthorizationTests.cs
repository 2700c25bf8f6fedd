using System.Security.Cryptography;
using System.Text;
using CleanProxy.Domain.Authorization;
using CleanProxy.Domain.Common;
using Microsoft.Extensions.Time.Testing;

namespace CleanProxy.UnitTests.Domain.Authorization;

public sealed class PendingAuthorizationTests
{
    private const string UpstreamState = "upstream-state-7c1f0e";
    private const string Challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void FirstCallback_ConsumesTheRequest_AndRecordsWhen()
    {
        var pending = Create();
        _time.Advance(TimeSpan.FromSeconds(20));

        var outcome = pending.Consume(_time.GetUtcNow());

        Assert.Equal(ConsumeOutcome.Consumed, outcome);
        Assert.Equal(_time.GetUtcNow(), pending.ConsumedAt);
    }

    [Fact]
    public void SecondCallbackWithTheSameState_IsReported_AsAlreadyConsumed()
    {
        var pending = Create();
        pending.Consume(_time.GetUtcNow());
        var firstConsumption = pending.ConsumedAt;
        _time.Advance(TimeSpan.FromSeconds(1));

        var outcome = pending.Consume(_time.GetUtcNow());

        Assert.Equal(ConsumeOutcome.AlreadyConsumed, outcome);
        Assert.Equal(firstConsumption, pending.ConsumedAt);
    }

    [Fact]
    public void CallbackAfterTenMinutes_IsReported_AsExpired_AndConsumesNothing()
    {
        var pending = Create();
        _time.Advance(TimeSpan.FromMinutes(10));

        var outcome = pending.Consume(_time.GetUtcNow());

        Assert.Equal(ConsumeOutcome.Expired, outcome);
        Assert.Null(pending.ConsumedAt);
    }

    [Fact]
    public void CallbackJustBeforeTenMinutes_IsConsumed()
    {
        var pending = Create();
        _time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromMilliseconds(1));

        var outcome = pending.Consume(_time.GetUtcNow());

        Assert.Equal(ConsumeOutcome.Consumed, outcome);
    }

    [Fact]
    public void UpstreamState_IsStoredAsItsSha256()
    {
        var pending = Create();

        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(UpstreamState)), pending.StateHash);
    }

    [Fact]
    public void UpstreamState_IsNotKeptInClearAnywhereInTheRequest()
    {
        var pending = Create();

        DomainObjectAssert.HoldsNoTraceOf(pending, UpstreamState);
    }

    [Theory]
    [InlineData("")]
    [InlineData("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk.")] // a plain-method "challenge" (the verifier itself)
    [InlineData("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw+cM")]
    public void RequestWithoutAWellFormedS256Challenge_CannotBeParked(string challenge)
    {
        Assert.Throws<ArgumentException>(() => Create(challenge));
    }

    private PendingAuthorization Create(string codeChallenge = Challenge)
        => PendingAuthorization.Create(
            upstreamState: UpstreamState,
            clientId: "client-1",
            redirectUri: "https://app.example.com/cb",
            redirectUriWasRequested: true,
            codeChallenge: codeChallenge,
            scope: "openid",
            resource: "https://mcp.example.com/mcp",
            clientState: "the-client-state",
            upstreamNonce: "upstream-nonce",
            upstreamCodeVerifier: "upstream-verifier",
            now: _time.GetUtcNow());
}
