using System.Security.Cryptography;
using System.Text;

namespace CleanProxy.Domain.Common;

/// <summary>
/// SHA-256 of a high-entropy token (authorization code, refresh token, state). These tokens are 256-bit random,
/// so a fast unsalted hash is enough to make a stolen database useless and still allows a unique index lookup.
/// </summary>
public static class TokenHash
{
    public const int Length = 32;

    public static byte[] Compute(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
