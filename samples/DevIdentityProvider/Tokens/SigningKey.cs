using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Microsoft.IdentityModel.Tokens;

namespace DevIdentityProvider.Tokens;

/// <summary>
/// The RSA-2048 key that signs id_tokens. Generated at start-up and kept in memory only, so every restart rotates it
/// (fine for a dev tool: relying parties re-read the JWKS when they meet an unknown kid).
/// </summary>
internal sealed class SigningKey : IDisposable
{
    private readonly RSA _rsa = RSA.Create(2048);

    public SigningKey()
    {
        var publicParameters = _rsa.ExportParameters(includePrivateParameters: false);
        Modulus = Base64Url.EncodeToString(publicParameters.Modulus);
        Exponent = Base64Url.EncodeToString(publicParameters.Exponent);
        KeyId = ComputeThumbprint(Modulus, Exponent);
        Credentials = new SigningCredentials(new RsaSecurityKey(_rsa) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256);
    }

    public string KeyId { get; }

    public SigningCredentials Credentials { get; }

    private string Modulus { get; }

    private string Exponent { get; }

    public JsonWebKeySetDocument ToJwks() =>
        new([new PublicJsonWebKey("RSA", "sig", SecurityAlgorithms.RsaSha256, KeyId, Modulus, Exponent)]);

    public void Dispose() => _rsa.Dispose();

    /// <summary>RFC 7638 thumbprint: a stable kid derived from the public key itself.</summary>
    private static string ComputeThumbprint(string modulus, string exponent)
    {
        var canonical = $$"""{"e":"{{exponent}}","kty":"RSA","n":"{{modulus}}"}""";
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}

internal sealed record JsonWebKeySetDocument([property: JsonPropertyName("keys")] IReadOnlyList<PublicJsonWebKey> Keys);

internal sealed record PublicJsonWebKey(
    [property: JsonPropertyName("kty")] string KeyType,
    [property: JsonPropertyName("use")] string Use,
    [property: JsonPropertyName("alg")] string Algorithm,
    [property: JsonPropertyName("kid")] string KeyId,
    [property: JsonPropertyName("n")] string Modulus,
    [property: JsonPropertyName("e")] string Exponent);
