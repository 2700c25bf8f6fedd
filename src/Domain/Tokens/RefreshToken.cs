using CleanProxy.Domain.Common;

namespace CleanProxy.Domain.Tokens;

/// <summary>
/// One link of a refresh token chain (RFC 9700 §4.14.2): each use rotates it into a successor. The family is the
/// session: presenting a rotated token again means it was stolen, and the caller revokes the session.
/// </summary>
public sealed class RefreshToken
{
    private RefreshToken()
    {
    }

    public Guid Id { get; private set; }

    public byte[] TokenHash { get; private set; } = [];

    public Guid SessionId { get; private set; }

    public string ClientId { get; private set; } = string.Empty;

    public string Scope { get; private set; } = string.Empty;

    public string Resource { get; private set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    /// <summary>Set when the token was exchanged for its successor; the database allows that only once.</summary>
    public DateTimeOffset? ConsumedAt { get; private set; }

    public Guid? ReplacedById { get; private set; }

    /// <summary>
    /// The successor's token, encrypted, kept only while a concurrent refresh of this token may still ask for it
    /// (the reuse grace window); forgotten once the successor is used or the family ends.
    /// </summary>
    public string? ProtectedSuccessorToken { get; private set; }

    public static RefreshToken Issue(
        string token,
        Guid sessionId,
        string clientId,
        string scope,
        string resource,
        TimeSpan lifetime,
        DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        return new RefreshToken
        {
            Id = Guid.CreateVersion7(now),
            TokenHash = Common.TokenHash.Compute(token),
            SessionId = sessionId,
            ClientId = clientId,
            Scope = scope,
            Resource = resource,
            CreatedAt = now,
            ExpiresAt = now + lifetime,
        };
    }

    /// <summary>Exchanges this token for <paramref name="successor"/>, which it must have been issued alongside.</summary>
    public ConsumeOutcome Rotate(RefreshToken successor, DateTimeOffset now)
    {
        if (ConsumedAt is not null)
        {
            return ConsumeOutcome.AlreadyConsumed;
        }

        if (now >= ExpiresAt)
        {
            return ConsumeOutcome.Expired;
        }

        if (successor.SessionId != SessionId)
        {
            throw new InvalidOperationException("A successor must belong to the same session.");
        }

        ConsumedAt = now;
        ReplacedById = successor.Id;
        return ConsumeOutcome.Consumed;
    }

    /// <summary>Keeps the (encrypted) successor token so that a reuse within the grace window gets the same one.</summary>
    public void KeepSuccessorForReuse(string protectedSuccessorToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(protectedSuccessorToken);
        if (ReplacedById is null)
        {
            throw new InvalidOperationException("Only a rotated refresh token has a successor to keep.");
        }

        ProtectedSuccessorToken = protectedSuccessorToken;
    }

    /// <summary>The kept successor when this rotated token is presented again within <paramref name="grace"/>; otherwise null (a replay).</summary>
    public string? SuccessorForReuse(TimeSpan grace, DateTimeOffset now)
        => ConsumedAt is { } consumedAt && now < consumedAt + grace ? ProtectedSuccessorToken : null;

    public void ForgetSuccessor() => ProtectedSuccessorToken = null;

    /// <summary>Marks the token used without a successor (revocation).</summary>
    public void Consume(DateTimeOffset now) => ConsumedAt ??= now;
}
