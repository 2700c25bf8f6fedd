using System.Buffers.Text;
using System.Security.Cryptography;

namespace CleanProxy.Domain.Common;

/// <summary>Random, URL-safe tokens: 256 bits of entropy behind a short prefix that says what the token is.</summary>
public static class OpaqueToken
{
    public const string AuthorizationCodePrefix = "fac_";
    public const string RefreshTokenPrefix = "frt_";

    public static string Create(string prefix = "", int bytes = 32)
        => prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));
}
