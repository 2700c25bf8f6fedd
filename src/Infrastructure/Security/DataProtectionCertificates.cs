using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CleanProxy.Application.Common.Options;
using Microsoft.AspNetCore.DataProtection;

namespace CleanProxy.Infrastructure.Security;

/// <summary>Encrypts the stored Data Protection key ring to a certificate from configuration (docs/deployment.md).</summary>
public static class DataProtectionCertificates
{
    public static IDataProtectionBuilder ProtectKeysWithConfiguredCertificate(this IDataProtectionBuilder builder, DataProtectionKeyOptions settings)
    {
        // An unusable certificate is reported by start-up validation, naming the key, rather than thrown here.
        var paths = new[] { settings.CertificatePath }.Concat(settings.PreviousCertificatePaths ?? []).ToList();
        if (string.IsNullOrWhiteSpace(settings.CertificatePath) || paths.Any(p => string.IsNullOrWhiteSpace(p) || Problem(p, settings.CertificatePassword) is not null))
        {
            return builder;
        }

        var current = Load(settings.CertificatePath, settings.CertificatePassword);
        var previous = (settings.PreviousCertificatePaths ?? []).Select(path => Load(path, settings.CertificatePassword));

        // Decryption is given the certificates explicitly: on Linux there is no certificate store to find them in.
        return builder.ProtectKeysWithCertificate(current).UnprotectKeysWithAnyCertificate([current, .. previous]);
    }

    /// <summary>Why the certificate cannot be used, or null: for start-up validation.</summary>
    public static string? Problem(string path, string? password)
    {
        try
        {
            using var certificate = Load(path, password);
            return certificate.HasPrivateKey && certificate.GetRSAPrivateKey() is not null
                ? null
                : "must contain an RSA certificate with its private key";
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or CryptographicException)
        {
            return $"cannot be read as a PKCS#12 file with the configured password ({exception.GetType().Name})";
        }
    }

    private static X509Certificate2 Load(string path, string? password)
        => X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
}
