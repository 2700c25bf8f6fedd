using CleanProxy.Application.Common.Interfaces;
using CleanProxy.Infrastructure.Security;
using Microsoft.AspNetCore.DataProtection;

namespace CleanProxy.UnitTests.Infrastructure.Security;

public sealed class DataProtectionSecretProtectorTests
{
    private const string UpstreamToken = "upstream-access-token-SECRET-123";

    private readonly DataProtectionSecretProtector _protector = new(new EphemeralDataProtectionProvider());

    [Fact]
    public void ProtectedSecret_IsUnreadableAsIs_AndComesBackUnprotected()
    {
        var ciphertext = _protector.Protect(UpstreamToken, ProtectionPurposes.UpstreamTokens);

        Assert.DoesNotContain(UpstreamToken, ciphertext, StringComparison.Ordinal);
        Assert.True(_protector.TryUnprotect(ciphertext, ProtectionPurposes.UpstreamTokens, out var plaintext));
        Assert.Equal(UpstreamToken, plaintext);
    }

    [Fact]
    public void SecretProtectedForAnotherPurpose_CannotBeUnprotected()
    {
        var ciphertext = _protector.Protect(UpstreamToken, ProtectionPurposes.SigningKeys);

        Assert.False(_protector.TryUnprotect(ciphertext, ProtectionPurposes.UpstreamTokens, out var plaintext));
        Assert.Empty(plaintext);
    }

    [Fact]
    public void TamperedCiphertext_CannotBeUnprotected()
    {
        var ciphertext = _protector.Protect(UpstreamToken, ProtectionPurposes.UpstreamTokens);
        var middle = ciphertext.Length / 2;
        var tampered = ciphertext[..middle] + (ciphertext[middle] == 'A' ? 'B' : 'A') + ciphertext[(middle + 1)..];

        Assert.False(_protector.TryUnprotect(tampered, ProtectionPurposes.UpstreamTokens, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not protected at all")]
    [InlineData("!!!")]
    public void GarbageCiphertext_IsRefused_WithoutThrowing(string ciphertext)
    {
        Assert.False(_protector.TryUnprotect(ciphertext, ProtectionPurposes.UpstreamTokens, out _));
    }

    [Fact]
    public void SecretProtectedWithAKeyThatIsGone_CannotBeUnprotected()
    {
        var ciphertext = _protector.Protect(UpstreamToken, ProtectionPurposes.UpstreamTokens);
        var otherKeyRing = new DataProtectionSecretProtector(new EphemeralDataProtectionProvider());

        Assert.False(otherKeyRing.TryUnprotect(ciphertext, ProtectionPurposes.UpstreamTokens, out _));
    }
}
