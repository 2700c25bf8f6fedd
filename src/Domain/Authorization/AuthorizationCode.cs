using CleanProxy.Domain.Common;

namespace CleanProxy.Domain.Authorization;

/// <summary>The proxy's own authorization code: short-lived, single use, bound to client, redirect URI and PKCE.</summary>
public sealed class AuthorizationCode
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    private AuthorizationCode()
    {
    }

    public Guid Id { get; private set; }

    public byte[] CodeHash { get; private set; } = [];

    public Guid SessionId { get; private set; }

    public string ClientId { get; private set; } = string.Empty;

    public string RedirectUri { get; private set; } = string.Empty;

    public bool RedirectUriWasRequested { get; private set; }

    public string CodeChallenge { get; private set; } = string.Empty;

    public string Scope { get; private set; } = string.Empty;

    public string Resource { get; private set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? RedeemedAt { get; private set; }

    public static AuthorizationCode Issue(
        string code,
        Guid sessionId,
        PendingAuthorization request,
        DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        return new AuthorizationCode
        {
            Id = Guid.CreateVersion7(now),
            CodeHash = TokenHash.Compute(code),
            SessionId = sessionId,
            ClientId = request.ClientId,
            RedirectUri = request.RedirectUri,
            RedirectUriWasRequested = request.RedirectUriWasRequested,
            CodeChallenge = request.CodeChallenge,
            Scope = request.Scope,
            Resource = request.Resource,
            CreatedAt = now,
            ExpiresAt = now + Lifetime,
        };
    }

    /// <summary>
    /// Checks everything the token request must match (RFC 6749 §4.1.3, RFC 7636 §4.6) and marks the code redeemed.
    /// A code presented twice is reported as <see cref="CodeRedemption.Replayed"/> so the caller can revoke what the
    /// first redemption issued.
    /// </summary>
    public CodeRedemption Redeem(string clientId, string? redirectUri, string? codeVerifier, DateTimeOffset now)
    {
        if (RedeemedAt is not null)
        {
            return CodeRedemption.Replayed;
        }

        if (now >= ExpiresAt)
        {
            return CodeRedemption.Expired;
        }

        if (!string.Equals(ClientId, clientId, StringComparison.Ordinal))
        {
            return CodeRedemption.WrongClient;
        }

        // The token request must repeat redirect_uri exactly when the authorization request carried it.
        var redirectMatches = redirectUri is null
            ? !RedirectUriWasRequested
            : string.Equals(RedirectUri, redirectUri, StringComparison.Ordinal);
        if (!redirectMatches)
        {
            return CodeRedemption.RedirectUriMismatch;
        }

        if (codeVerifier is null || !Pkce.Verify(codeVerifier, CodeChallenge))
        {
            return CodeRedemption.PkceFailed;
        }

        RedeemedAt = now;
        return CodeRedemption.Redeemed;
    }
}

public enum CodeRedemption
{
    Redeemed,
    Replayed,
    Expired,
    WrongClient,
    RedirectUriMismatch,
    PkceFailed,
}
