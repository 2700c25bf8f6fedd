using CleanProxy.Domain.Common;

namespace CleanProxy.Domain.Authorization;

/// <summary>
/// An MCP client's authorization request, parked while the user signs in at the upstream IdP. It is found again by
/// the proxy's own upstream <c>state</c> (stored hashed) and can be used once, within its lifetime.
/// </summary>
public sealed class PendingAuthorization
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private PendingAuthorization()
    {
    }

    public Guid Id { get; private set; }

    public byte[] StateHash { get; private set; } = [];

    public string ClientId { get; private set; } = string.Empty;

    public string RedirectUri { get; private set; } = string.Empty;

    /// <summary>Whether the client sent redirect_uri; if so the token request must repeat it (RFC 6749 §4.1.3).</summary>
    public bool RedirectUriWasRequested { get; private set; }

    public string CodeChallenge { get; private set; } = string.Empty;

    public string Scope { get; private set; } = string.Empty;

    public string Resource { get; private set; } = string.Empty;

    /// <summary>The client's own state, returned to it unchanged.</summary>
    public string? ClientState { get; private set; }

    public string UpstreamNonce { get; private set; } = string.Empty;

    /// <summary>The proxy's PKCE verifier for the upstream code exchange; useless without the upstream code.</summary>
    public string UpstreamCodeVerifier { get; private set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? ConsumedAt { get; private set; }

    public static PendingAuthorization Create(
        string upstreamState,
        string clientId,
        string redirectUri,
        bool redirectUriWasRequested,
        string codeChallenge,
        string scope,
        string resource,
        string? clientState,
        string upstreamNonce,
        string upstreamCodeVerifier,
        DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(upstreamState);
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        ArgumentException.ThrowIfNullOrEmpty(redirectUri);
        if (!Pkce.IsWellFormedS256Challenge(codeChallenge))
        {
            throw new ArgumentException("An S256 code challenge is required.", nameof(codeChallenge));
        }

        return new PendingAuthorization
        {
            Id = Guid.CreateVersion7(now),
            StateHash = TokenHash.Compute(upstreamState),
            ClientId = clientId,
            RedirectUri = redirectUri,
            RedirectUriWasRequested = redirectUriWasRequested,
            CodeChallenge = codeChallenge,
            Scope = scope,
            Resource = resource,
            ClientState = clientState,
            UpstreamNonce = upstreamNonce,
            UpstreamCodeVerifier = upstreamCodeVerifier,
            CreatedAt = now,
            ExpiresAt = now + Lifetime,
        };
    }

    /// <summary>Marks the request used. The database turns this into a conditional update, so only one caller wins.</summary>
    public ConsumeOutcome Consume(DateTimeOffset now)
    {
        if (ConsumedAt is not null)
        {
            return ConsumeOutcome.AlreadyConsumed;
        }

        if (now >= ExpiresAt)
        {
            return ConsumeOutcome.Expired;
        }

        ConsumedAt = now;
        return ConsumeOutcome.Consumed;
    }
}
