namespace CleanProxy.Application.Common.Interfaces;

/// <summary>Authenticated encryption for secrets at rest (upstream tokens, private keys), with rotatable keys.</summary>
public interface ISecretProtector
{
    string Protect(string plaintext, string purpose);

    /// <summary>False when the ciphertext cannot be decrypted (tampered, or its key is gone).</summary>
    bool TryUnprotect(string ciphertext, string purpose, out string plaintext);
}

public static class ProtectionPurposes
{
    public const string UpstreamTokens = "CleanProxy.UpstreamTokens.v1";
    public const string SigningKeys = "CleanProxy.SigningKeys.v1";
    public const string RefreshTokenSuccessors = "CleanProxy.RefreshTokenSuccessors.v1";
}
