using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace CleanProxy.Domain.Authorization;

/// <summary>PKCE (RFC 7636) with S256, the only method OAuth 2.1 and the MCP authorization spec allow.</summary>
public static class Pkce
{
    public const string S256 = "S256";
    public const int MinVerifierLength = 43;
    public const int MaxVerifierLength = 128;

    /// <summary>A challenge is BASE64URL(SHA256(verifier)) of a 32-byte digest: always 43 characters.</summary>
    public const int S256ChallengeLength = 43;

    public static string CreateVerifier() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string ComputeS256Challenge(string verifier)
        => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    /// <summary>RFC 7636 4.1: 43–128 characters of [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~".</summary>
    public static bool IsValidVerifier(string? verifier)
        => verifier is { Length: >= MinVerifierLength and <= MaxVerifierLength } && verifier.All(IsUnreserved);

    public static bool IsWellFormedS256Challenge(string? challenge)
        => challenge is { Length: S256ChallengeLength } && challenge.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>Constant-time comparison: the challenge is not secret, but the check should not leak timing either.</summary>
    public static bool Verify(string verifier, string challenge)
    {
        if (!IsValidVerifier(verifier))
        {
            return false;
        }

        var computed = Encoding.ASCII.GetBytes(ComputeS256Challenge(verifier));
        var expected = Encoding.ASCII.GetBytes(challenge);
        return CryptographicOperations.FixedTimeEquals(computed, expected);
    }

    private static bool IsUnreserved(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';
}
