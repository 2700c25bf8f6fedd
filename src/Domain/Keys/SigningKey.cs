namespace CleanProxy.Domain.Keys;

/// <summary>
/// An asymmetric key the proxy signs its access tokens with. Created once and shared by every instance through the
/// database; the private part is stored encrypted. <see cref="Generation"/> is unique, so two instances that start
/// together cannot both create generation 1.
/// </summary>
public sealed class SigningKey
{
    private SigningKey()
    {
    }

    public string KeyId { get; private set; } = string.Empty;

    public int Generation { get; private set; }

    public string Algorithm { get; private set; } = string.Empty;

    /// <summary>The public key as a JWK (JSON), published at the JWKS endpoint.</summary>
    public string PublicJwk { get; private set; } = string.Empty;

    public string ProtectedPrivateKey { get; private set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; private set; }

    public static SigningKey Create(
        string keyId,
        int generation,
        string algorithm,
        string publicJwk,
        string protectedPrivateKey,
        DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        ArgumentOutOfRangeException.ThrowIfLessThan(generation, 1);
        ArgumentException.ThrowIfNullOrEmpty(algorithm);
        ArgumentException.ThrowIfNullOrEmpty(publicJwk);
        ArgumentException.ThrowIfNullOrEmpty(protectedPrivateKey);
        return new SigningKey
        {
            KeyId = keyId,
            Generation = generation,
            Algorithm = algorithm,
            PublicJwk = publicJwk,
            ProtectedPrivateKey = protectedPrivateKey,
            CreatedAt = now,
        };
    }
}
