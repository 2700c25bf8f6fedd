using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using CleanProxy.Application.Common.Interfaces;

namespace CleanProxy.Infrastructure.Security;

/// <summary>
/// PBKDF2-HMAC-SHA256 with a per-secret salt, stored as <c>pbkdf2-sha256$iterations$salt$hash</c>. The secrets are
/// 256-bit random, so a modest iteration count keeps client authentication cheap on the token hot path while a leaked
/// hash still cannot be used as the secret.
/// </summary>
internal sealed class Pbkdf2ClientSecretHasher : IClientSecretHasher
{
    private const string Scheme = "pbkdf2-sha256";
    private const int Iterations = 10_000;
    private const int SaltSize = 16;
    private const int HashSize = 32;

    public string Hash(string secret)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var hash = Rfc2898DeriveBytes.Pbkdf2(secret, salt, Iterations, HashAlgorithmName.SHA256, HashSize);
        return string.Join('$', Scheme, Iterations.ToString(CultureInfo.InvariantCulture), Base64Url.EncodeToString(salt), Base64Url.EncodeToString(hash));
    }

    public bool Verify(string secret, string hash)
    {
        var parts = hash.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
        {
            return false;
        }

        var salt = Base64Url.DecodeFromChars(parts[2]);
        var expected = Base64Url.DecodeFromChars(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(secret, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
