using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace DevIdentityProvider.Protocol;

/// <summary>RFC 7636 with the S256 method only.</summary>
internal static class Pkce
{
    public const string S256 = "S256";

    /// <summary>An S256 challenge is always the 43-character base64url encoding of a SHA-256 hash.</summary>
    public static bool IsWellFormedChallenge(string challenge) =>
        challenge.Length == 43 && challenge.All(IsBase64UrlChar);

    public static bool VerifierMatches(string verifier, string challenge)
    {
        if (verifier.Length is < 43 or > 128 || !verifier.All(IsUnreserved))
        {
            return false;
        }

        var computed = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(computed), Encoding.ASCII.GetBytes(challenge));
    }

    private static bool IsBase64UrlChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';

    private static bool IsUnreserved(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';
}
