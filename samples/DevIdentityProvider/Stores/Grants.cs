namespace DevIdentityProvider.Stores;

/// <summary>
/// Everything issued from one login of one user to one client: the code, then every access and refresh token
/// rotated from it. Revoking the family kills all of them at once (code replay, refresh replay, revocation).
/// </summary>
internal sealed class GrantFamily(string clientId, string subject, string scope, DateTimeOffset authTime)
{
    private int _revoked;

    public string ClientId { get; } = clientId;

    public string Subject { get; } = subject;

    /// <summary>The scope the user granted; refreshes may narrow it but never widen it.</summary>
    public string Scope { get; } = scope;

    public DateTimeOffset AuthTime { get; } = authTime;

    public bool IsRevoked => Volatile.Read(ref _revoked) == 1;

    public void Revoke() => Interlocked.Exchange(ref _revoked, 1);
}

/// <summary>A login waiting for the user's answer on the login page.</summary>
internal sealed record PendingLogin(
    string ClientId,
    string RedirectUri,
    string Scope,
    string? State,
    string? Nonce,
    string? CodeChallenge,
    DateTimeOffset ExpiresAt);

internal sealed class AuthorizationCode(GrantFamily family, string redirectUri, string? codeChallenge, string? nonce, DateTimeOffset expiresAt)
{
    private int _redeemed;

    public GrantFamily Family { get; } = family;

    public string RedirectUri { get; } = redirectUri;

    public string? CodeChallenge { get; } = codeChallenge;

    public string? Nonce { get; } = nonce;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    public bool IsRedeemed => Volatile.Read(ref _redeemed) == 1;

    public bool IsExpired(DateTimeOffset now) => now >= ExpiresAt;

    /// <summary>Atomic: of two parallel redemptions exactly one wins.</summary>
    public bool TryRedeem() => Interlocked.CompareExchange(ref _redeemed, 1, 0) == 0;
}

internal sealed class RefreshToken(GrantFamily family, DateTimeOffset expiresAt)
{
    private int _used;

    public GrantFamily Family { get; } = family;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    public bool IsExpired(DateTimeOffset now) => now >= ExpiresAt;

    /// <summary>Atomic: a rotated token can be used once; a second use is a replay.</summary>
    public bool TryUse() => Interlocked.CompareExchange(ref _used, 1, 0) == 0;
}

internal sealed class AccessToken(GrantFamily family, string scope, DateTimeOffset expiresAt)
{
    public GrantFamily Family { get; } = family;

    public string Scope { get; } = scope;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    public bool IsActive(DateTimeOffset now) => now < ExpiresAt && !Family.IsRevoked;
}
