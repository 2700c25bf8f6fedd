using CleanProxy.Domain.Sessions;
using Microsoft.Extensions.Time.Testing;

namespace CleanProxy.UnitTests.Domain.Sessions;

public sealed class UpstreamTokenVaultTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void RefreshWithoutANewRefreshToken_KeepsTheOldOne()
    {
        var vault = UpstreamTokenVault.Create(Guid.NewGuid(), "protected-access-1", "protected-refresh-1", null, _time.GetUtcNow());
        _time.Advance(TimeSpan.FromMinutes(30));

        vault.Replace("protected-access-2", protectedRefreshToken: null, _time.GetUtcNow().AddHours(1), _time.GetUtcNow());

        Assert.Equal("protected-access-2", vault.ProtectedAccessToken);
        Assert.Equal("protected-refresh-1", vault.ProtectedRefreshToken);
        Assert.Equal(_time.GetUtcNow(), vault.UpdatedAt);
    }

    [Fact]
    public void RefreshWithARotatedRefreshToken_StoresTheNewOne()
    {
        var vault = UpstreamTokenVault.Create(Guid.NewGuid(), "protected-access-1", "protected-refresh-1", null, _time.GetUtcNow());

        vault.Replace("protected-access-2", "protected-refresh-2", null, _time.GetUtcNow());

        Assert.Equal("protected-refresh-2", vault.ProtectedRefreshToken);
    }

    [Fact]
    public void RefreshWithoutAnExpiry_ForgetsTheOldExpiry()
    {
        var vault = UpstreamTokenVault.Create(Guid.NewGuid(), "protected-access-1", null, _time.GetUtcNow().AddMinutes(5), _time.GetUtcNow());

        vault.Replace("protected-access-2", null, accessTokenExpiresAt: null, _time.GetUtcNow());

        Assert.Null(vault.AccessTokenExpiresAt);
    }

    [Fact]
    public void AccessTokenOfUnknownExpiry_IsNeverConsideredExpiring()
    {
        var vault = UpstreamTokenVault.Create(Guid.NewGuid(), "protected-access", null, accessTokenExpiresAt: null, _time.GetUtcNow());
        _time.Advance(TimeSpan.FromDays(365));

        var expiring = vault.AccessTokenExpiresWithin(TimeSpan.FromDays(1), _time.GetUtcNow());

        Assert.False(expiring);
    }

    [Theory]
    [InlineData(10, 60, false)] // expires in 10 min, skew 1 min
    [InlineData(10, 600, true)] // skew reaches the expiry exactly
    [InlineData(10, 601, true)]
    [InlineData(-1, 0, true)] // already expired
    [InlineData(0, 0, true)] // expires now
    public void AccessTokenExpiresWithin_ComparesTheExpiryMinusSkewWithNow(int expiresInMinutes, int skewSeconds, bool expected)
    {
        var vault = UpstreamTokenVault.Create(
            Guid.NewGuid(), "protected-access", null, _time.GetUtcNow().AddMinutes(expiresInMinutes), _time.GetUtcNow());

        var expiring = vault.AccessTokenExpiresWithin(TimeSpan.FromSeconds(skewSeconds), _time.GetUtcNow());

        Assert.Equal(expected, expiring);
    }

    [Fact]
    public void VaultWithoutAnAccessToken_CannotBeCreatedOrReplaced()
    {
        Assert.Throws<ArgumentException>(() => UpstreamTokenVault.Create(Guid.NewGuid(), "", null, null, _time.GetUtcNow()));

        var vault = UpstreamTokenVault.Create(Guid.NewGuid(), "protected-access", null, null, _time.GetUtcNow());
        Assert.Throws<ArgumentException>(() => vault.Replace("", null, null, _time.GetUtcNow()));
    }
}
