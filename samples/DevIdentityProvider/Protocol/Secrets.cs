using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace DevIdentityProvider.Protocol;

/// <summary>Random handles, hashes for storage, and constant-time comparison.</summary>
internal static class Secrets
{
    /// <summary>256 random bits, base64url without padding.</summary>
    public static string NewHandle() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>Stores only hashes of codes and tokens, so a dump of the dictionaries holds nothing usable.</summary>
    public static string HashForStorage(string handle) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(handle)));

    /// <summary>Hashing first makes the comparison independent of where or whether the lengths differ.</summary>
    public static bool FixedTimeEquals(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
