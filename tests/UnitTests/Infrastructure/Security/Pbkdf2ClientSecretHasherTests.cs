using System.Buffers.Text;
using System.Security.Cryptography;
using CleanProxy.Infrastructure.Security;

namespace CleanProxy.UnitTests.Infrastructure.Security;

public sealed class Pbkdf2ClientSecretHasherTests
{
    private const string Secret = "cps_4mN0tAr3alS3cr3t-but-long-enough";

    private readonly Pbkdf2ClientSecretHasher _hasher = new();

    [Fact]
    public void HashedSecret_VerifiesAgainstTheSameSecret()
    {
        var hash = _hasher.Hash(Secret);

        Assert.True(_hasher.Verify(Secret, hash));
    }

    [Theory]
    [InlineData("cps_4mN0tAr3alS3cr3t-but-long-enougH")]
    [InlineData("cps_4mN0tAr3alS3cr3t-but-long-enough ")]
    [InlineData("")]
    public void OtherSecret_IsRefused(string otherSecret)
    {
        var hash = _hasher.Hash(Secret);

        Assert.False(_hasher.Verify(otherSecret, hash));
    }

    [Fact]
    public void TwoHashesOfTheSameSecret_Differ_BecauseOfTheSalt()
    {
        var first = _hasher.Hash(Secret);
        var second = _hasher.Hash(Secret);

        Assert.NotEqual(first, second);
        Assert.True(_hasher.Verify(Secret, first));
        Assert.True(_hasher.Verify(Secret, second));
    }

    [Fact]
    public void StoredHash_DoesNotContainTheSecret()
    {
        var hash = _hasher.Hash(Secret);

        Assert.DoesNotContain(Secret, hash, StringComparison.Ordinal);
        Assert.StartsWith("pbkdf2-sha256$", hash, StringComparison.Ordinal);
    }

    [Fact]
    public void TamperedHash_IsRefused()
    {
        var parts = _hasher.Hash(Secret).Split('$');
        var digest = Base64Url.DecodeFromChars(parts[3]);
        digest[0] ^= 0x01;
        parts[3] = Base64Url.EncodeToString(digest);

        Assert.False(_hasher.Verify(Secret, string.Join('$', parts)));
    }

    [Fact]
    public void HashWithAnotherIterationCount_IsVerifiedWithItsOwnCount()
    {
        // Stored hashes keep verifying if the default iteration count is raised later.
        var salt = RandomNumberGenerator.GetBytes(16);
        var digest = Rfc2898DeriveBytes.Pbkdf2(Secret, salt, 1_000, HashAlgorithmName.SHA256, 32);
        var stored = $"pbkdf2-sha256$1000${Base64Url.EncodeToString(salt)}${Base64Url.EncodeToString(digest)}";

        Assert.True(_hasher.Verify(Secret, stored));
        Assert.False(_hasher.Verify(Secret, stored.Replace("$1000$", "$1001$", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-hash")]
    [InlineData("pbkdf2-sha256$10000$c2FsdHNhbHRzYWx0c2FsdA")]
    [InlineData("pbkdf2-sha256$10000$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA$extra")]
    [InlineData("sha1$10000$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaA")]
    [InlineData("pbkdf2-sha256$many$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaA")]
    [InlineData("pbkdf2-sha256$0$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaA")]
    [InlineData("pbkdf2-sha256$-1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaA")]
    [InlineData("pbkdf2-sha256$99999999999$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaA")]
    [InlineData("pbkdf2-sha256$10000$$aGFzaGhhc2hoYXNoaGFzaA")]
    public void MalformedStoredHash_IsRefused_WithoutThrowing(string stored)
    {
        var verified = _hasher.Verify(Secret, stored);

        Assert.False(verified);
    }

    [Theory]
    [InlineData("pbkdf2-sha256$10000$!!not base64!!$aGFzaGhhc2hoYXNoaGFzaA")]
    [InlineData("pbkdf2-sha256$10000$c2FsdHNhbHRzYWx0c2FsdA$!!not base64!!")]
    public void StoredHashWithNonBase64UrlSaltOrDigest_IsRefused_WithoutThrowing(string stored)
    {
        // BUG (src/Infrastructure/Security/Pbkdf2ClientSecretHasher.cs:36-37): Base64Url.DecodeFromChars throws
        // FormatException on a corrupted stored hash instead of Verify returning false; ClientAuthenticator does not
        // catch it, so the token endpoint answers 500 server_error instead of 401 invalid_client.
        var verified = _hasher.Verify(Secret, stored);

        Assert.False(verified);
    }

    [Theory]
    [InlineData("cps_4mN0tAr3alS3cr3t-but-long-enough")]
    [InlineData("any other secret")]
    [InlineData("")]
    public void StoredHashWithAnEmptyDigest_VerifiesNoSecret(string presented)
    {
        // BUG (src/Infrastructure/Security/Pbkdf2ClientSecretHasher.cs:37-39): the digest length is taken from the
        // stored value. An empty digest derives zero bytes and FixedTimeEquals of two empty spans is true, so EVERY
        // secret verifies; a truncated digest (say 1 byte) is only that strong. Verify should refuse any salt or
        // digest whose length is not SaltSize/HashSize.
        var verified = _hasher.Verify(presented, "pbkdf2-sha256$10000$c2FsdHNhbHRzYWx0c2FsdA$");

        Assert.False(verified);
    }
}
