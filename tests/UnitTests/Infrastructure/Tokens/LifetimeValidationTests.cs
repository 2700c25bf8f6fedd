using CleanProxy.Infrastructure.Tokens;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;

namespace CleanProxy.UnitTests.Infrastructure.Tokens;

public sealed class LifetimeValidationTests
{
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void TokenWithinItsLifetime_IsValid()
    {
        var now = _time.GetUtcNow().UtcDateTime;

        Assert.True(Validate(notBefore: now.AddMinutes(-1), expires: now.AddMinutes(1)));
    }

    [Fact]
    public void TokenJustPastExpiryButWithinTheSkew_IsValid()
    {
        var now = _time.GetUtcNow().UtcDateTime;

        Assert.True(Validate(notBefore: null, expires: now - Skew + TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void TokenExpiredByExactlyTheSkew_IsExpired()
    {
        var now = _time.GetUtcNow().UtcDateTime;

        Assert.Throws<SecurityTokenExpiredException>(() => Validate(notBefore: null, expires: now - Skew));
    }

    [Fact]
    public void TokenExpiredAfterTheClockMoved_IsExpired()
    {
        var expires = _time.GetUtcNow().UtcDateTime.AddMinutes(5);
        _time.Advance(TimeSpan.FromMinutes(6));

        Assert.Throws<SecurityTokenExpiredException>(() => Validate(notBefore: null, expires: expires));
    }

    [Fact]
    public void TokenNotYetValidBeyondTheSkew_IsRefused()
    {
        var now = _time.GetUtcNow().UtcDateTime;

        Assert.Throws<SecurityTokenNotYetValidException>(() => Validate(notBefore: now + Skew + TimeSpan.FromSeconds(1), expires: now.AddHours(1)));
    }

    [Fact]
    public void TokenNotYetValidWithinTheSkew_IsValid()
    {
        var now = _time.GetUtcNow().UtcDateTime;

        Assert.True(Validate(notBefore: now + Skew, expires: now.AddHours(1)));
    }

    [Fact]
    public void TokenWithoutExpiry_IsRefused()
    {
        Assert.Throws<SecurityTokenNoExpirationException>(() => Validate(notBefore: null, expires: null));
    }

    private bool Validate(DateTime? notBefore, DateTime? expires)
        => LifetimeValidation.Using(_time, Skew)(notBefore, expires, null!, null!);
}
