using System.Security.Cryptography;
using System.Text;
using CleanProxy.Domain.Common;
using CleanProxy.Domain.Tokens;
using Microsoft.Extensions.Time.Testing;

namespace CleanProxy.UnitTests.Domain.Tokens;

public sealed class RefreshTokenTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly Guid _sessionId = Guid.NewGuid();

    [Fact]
    public void Rotation_ConsumesTheToken_AndPointsToItsSuccessor()
    {
        var token = Issue("frt_first");
        _time.Advance(TimeSpan.FromHours(1));
        var successor = Issue("frt_second");

        var outcome = token.Rotate(successor, _time.GetUtcNow());

        Assert.Equal(ConsumeOutcome.Consumed, outcome);
        Assert.Equal(_time.GetUtcNow(), token.ConsumedAt);
        Assert.Equal(successor.Id, token.ReplacedById);
    }

    [Fact]
    public void RotatedTokenPresentedAgain_IsReported_AsAlreadyConsumed()
    {
        var token = Issue("frt_first");
        var successor = Issue("frt_second");
        token.Rotate(successor, _time.GetUtcNow());
        _time.Advance(TimeSpan.FromMinutes(1));

        var outcome = token.Rotate(Issue("frt_third"), _time.GetUtcNow());

        Assert.Equal(ConsumeOutcome.AlreadyConsumed, outcome);
        Assert.Equal(successor.Id, token.ReplacedById);
    }

    [Fact]
    public void TokenPresentedAtTheEndOfItsLifetime_IsReported_AsExpired_AndStaysUnconsumed()
    {
        var token = Issue("frt_first");
        _time.Advance(Lifetime);

        var outcome = token.Rotate(Issue("frt_second"), _time.GetUtcNow());

        Assert.Equal(ConsumeOutcome.Expired, outcome);
        Assert.Null(token.ConsumedAt);
        Assert.Null(token.ReplacedById);
    }

    [Fact]
    public void SuccessorFromAnotherSession_IsAProgrammingError()
    {
        var token = Issue("frt_first");
        var foreign = RefreshToken.Issue("frt_foreign", Guid.NewGuid(), "client-1", "openid", "https://mcp.example.com/mcp", Lifetime, _time.GetUtcNow());

        Assert.Throws<InvalidOperationException>(() => token.Rotate(foreign, _time.GetUtcNow()));
        Assert.Null(token.ConsumedAt);
    }

    [Fact]
    public void RevokedTokenPresentedForRotation_IsReported_AsAlreadyConsumed()
    {
        var token = Issue("frt_first");
        token.Consume(_time.GetUtcNow());

        var outcome = token.Rotate(Issue("frt_second"), _time.GetUtcNow());

        Assert.Equal(ConsumeOutcome.AlreadyConsumed, outcome);
    }

    [Fact]
    public void ConsumingTwice_KeepsTheFirstInstant()
    {
        var token = Issue("frt_first");
        var first = _time.GetUtcNow();
        token.Consume(first);
        _time.Advance(TimeSpan.FromMinutes(1));

        token.Consume(_time.GetUtcNow());

        Assert.Equal(first, token.ConsumedAt);
    }

    [Fact]
    public void IssuedToken_IsStoredOnlyAsItsSha256_AndExpiresAfterItsLifetime()
    {
        var token = Issue("frt_secret-value");

        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes("frt_secret-value")), token.TokenHash);
        Assert.Equal(_time.GetUtcNow() + Lifetime, token.ExpiresAt);
        DomainObjectAssert.HoldsNoTraceOf(token, "frt_secret-value");
    }

    [Fact]
    public void KeptSuccessor_IsOfferedWithinTheGraceWindow_AndNotAfter()
    {
        var token = Issue("frt_first");
        token.Rotate(Issue("frt_second"), _time.GetUtcNow());
        token.KeepSuccessorForReuse("protected-successor");
        var grace = TimeSpan.FromSeconds(10);

        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal("protected-successor", token.SuccessorForReuse(grace, _time.GetUtcNow()));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(token.SuccessorForReuse(grace, _time.GetUtcNow()));
    }

    [Fact]
    public void ForgottenSuccessor_IsNeverOffered()
    {
        var token = Issue("frt_first");
        token.Rotate(Issue("frt_second"), _time.GetUtcNow());
        token.KeepSuccessorForReuse("protected-successor");

        token.ForgetSuccessor();

        Assert.Null(token.ProtectedSuccessorToken);
        Assert.Null(token.SuccessorForReuse(TimeSpan.FromSeconds(10), _time.GetUtcNow()));
    }

    [Fact]
    public void UnrotatedToken_HasNoSuccessorToKeep()
    {
        var token = Issue("frt_first");

        Assert.Throws<InvalidOperationException>(() => token.KeepSuccessorForReuse("protected-successor"));
        Assert.Null(token.SuccessorForReuse(TimeSpan.FromSeconds(10), _time.GetUtcNow()));
    }

    private RefreshToken Issue(string value)
        => RefreshToken.Issue(value, _sessionId, "client-1", "openid", "https://mcp.example.com/mcp", Lifetime, _time.GetUtcNow());
}
