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

    /// <summary>A stored count above this is corrupt (or planted to hang authentication), not a setting.</summary>
    private const int MaxIterations = 1_000_000;

    public string Hash(string secret)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var hash = Rfc2898DeriveBytes.Pbkdf2(secret, salt, Iterations, HashAlgorithmName.SHA256, HashSize);
        return string.Join('$', Scheme, Iterations.ToString(CultureInfo.InvariantCulture), Base64Url.EncodeToString(salt), Base64Url.EncodeToString(hash));
    }

    public bool Verify(string secret, string hash)
    {
        // A malformed or truncated stored hash verifies nothing: an empty digest would otherwise match every secret.
        var parts = hash.Split('$');
        Span<byte> salt = stackalloc byte[SaltSize];
        Span<byte> expected = stackalloc byte[HashSize];
        if (parts.Length != 4 || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations is < 1 or > MaxIterations
            || !TryDecodeExactly(parts[2], salt) || !TryDecodeExactly(parts[3], expected))
        {
            return false;
        }

        Span<byte> actual = stackalloc byte[HashSize];
        Rfc2898DeriveBytes.Pbkdf2(secret, salt, actual, iterations, HashAlgorithmName.SHA256);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    // Base64Url.TryDecodeFromChars throws on characters outside the alphabet, so check validity and length first.
    private static bool TryDecodeExactly(string encoded, Span<byte> destination)
        => Base64Url.IsValid(encoded, out var length) && length == destination.Length
            && Base64Url.TryDecodeFromChars(encoded, destination, out var written) && written == destination.Length;
}
