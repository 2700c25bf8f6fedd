using System.Security.Cryptography;
using CleanProxy.Application.Common.Interfaces;
using Microsoft.AspNetCore.DataProtection;

namespace CleanProxy.Infrastructure.Security;

/// <summary>
/// ASP.NET Data Protection: authenticated encryption (AES-256-CBC + HMACSHA256) with a key ring that rotates and is
/// shared by all instances through the database. Old keys keep decrypting what they encrypted.
/// </summary>
internal sealed class DataProtectionSecretProtector(IDataProtectionProvider provider) : ISecretProtector
{
    public string Protect(string plaintext, string purpose) => provider.CreateProtector(purpose).Protect(plaintext);

    public bool TryUnprotect(string ciphertext, string purpose, out string plaintext)
    {
        try
        {
            plaintext = provider.CreateProtector(purpose).Unprotect(ciphertext);
            return true;
        }
        catch (CryptographicException)
        {
            plaintext = string.Empty;
            return false;
        }
    }
}
