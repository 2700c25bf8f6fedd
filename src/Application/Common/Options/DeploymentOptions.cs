namespace CleanProxy.Application.Common.Options;

/// <summary>The <c>CleanProxy:Maintenance</c> section: pruning of expired grants, run by every instance.</summary>
public sealed class MaintenanceOptions
{
    /// <summary>Seconds between two prune runs of one instance; 0 turns the job off.</summary>
    public int PruneIntervalSeconds { get; set; } = 300;

    /// <summary>Rows deleted per statement, so no prune run holds long locks.</summary>
    public int PruneBatchSize { get; set; } = 500;

    /// <summary>
    /// How long a redeemed code or a rotated refresh token is kept after it expired, in seconds: presenting it again
    /// within this time is recognised as a replay (and revokes its family) rather than reported as unknown.
    /// </summary>
    public int ReplayDetectionRetentionSeconds { get; set; } = 86400;
}

/// <summary>
/// The <c>CleanProxy:ForwardedHeaders</c> section: which load balancers may set <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c>. Requests from anyone else keep their own address and scheme. The issuer never comes from
/// request headers either way.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    /// <summary>IP addresses of trusted proxies, e.g. <c>10.0.0.5</c>.</summary>
    public string[]? KnownProxies { get; set; }

    /// <summary>Trusted networks in CIDR notation, e.g. <c>10.0.0.0/8</c>.</summary>
    public string[]? KnownNetworks { get; set; }
}

/// <summary>
/// The <c>CleanProxy:SigningKeys</c> section: scheduled rotation of the proxy's token signing key. A new key is
/// published in the JWKS <see cref="PublishLeadSeconds"/> before it signs (so every instance and every client cache
/// knows it first), and an old key stays published until every access token it signed has expired.
/// </summary>
public sealed class SigningKeyOptions
{
    /// <summary>Seconds between two signing keys; 0 never rotates. Default 90 days.</summary>
    public int RotationIntervalSeconds { get; set; } = 7776000;

    /// <summary>How long a new key is published before it signs. Default one hour.</summary>
    public int PublishLeadSeconds { get; set; } = 3600;
}

/// <summary>
/// The <c>CleanProxy:DataProtection</c> section: protection at rest of the Data Protection key ring stored in the
/// database (the keys that encrypt upstream tokens and signing keys). Without a certificate the ring is stored as is.
/// </summary>
public sealed class DataProtectionKeyOptions
{
    /// <summary>A PKCS#12 (.pfx) file with an RSA certificate and its private key; new keys are encrypted to it.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The password of <see cref="CertificatePath"/> (and of <see cref="PreviousCertificatePaths"/>).</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>Certificates replaced by <see cref="CertificatePath"/>: still accepted to decrypt keys they protected.</summary>
    public string[]? PreviousCertificatePaths { get; set; }
}
