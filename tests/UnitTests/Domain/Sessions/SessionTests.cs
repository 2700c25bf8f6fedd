using CleanProxy.Domain.Sessions;
using Microsoft.Extensions.Time.Testing;

namespace CleanProxy.UnitTests.Domain.Sessions;

public sealed class SessionTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void StartedSession_IsActive()
    {
        var session = Start();

        Assert.True(session.IsActive);
        Assert.Null(session.RevokedAt);
    }

    [Fact]
    public void RevokedSession_IsInactive_WithReasonAndInstant()
    {
        var session = Start();
        _time.Advance(TimeSpan.FromMinutes(3));

        session.Revoke("revoked by the client", _time.GetUtcNow());

        Assert.False(session.IsActive);
        Assert.Equal(_time.GetUtcNow(), session.RevokedAt);
        Assert.Equal("revoked by the client", session.RevocationReason);
    }

    [Fact]
    public void RevokingTwice_KeepsTheFirstReasonAndInstant()
    {
        var session = Start();
        var first = _time.GetUtcNow();
        session.Revoke("refresh token replayed", first);
        _time.Advance(TimeSpan.FromMinutes(1));

        session.Revoke("revoked by the client", _time.GetUtcNow());

        Assert.False(session.IsActive);
        Assert.Equal(first, session.RevokedAt);
        Assert.Equal("refresh token replayed", session.RevocationReason);
    }

    [Theory]
    [InlineData("", "client-1")]
    [InlineData("subject-1", "")]
    public void SessionWithoutSubjectOrClient_CannotStart(string subject, string clientId)
    {
        Assert.Throws<ArgumentException>(() => Session.Start(subject, clientId, "openid", "https://mcp.example.com/mcp", "{}", _time.GetUtcNow()));
    }

    private Session Start()
        => Session.Start("subject-1", "client-1", "openid", "https://mcp.example.com/mcp", "{}", _time.GetUtcNow());
}
