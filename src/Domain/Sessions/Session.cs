namespace CleanProxy.Domain.Sessions;

/// <summary>
/// One sign-in of one user through one client: the <c>sid</c> of every access token and the family of every refresh
/// token issued from it. Revoking the session ends the whole family and the upstream tokens' use.
/// </summary>
public sealed class Session
{
    private Session()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The upstream subject: the identity the upstream tokens belong to.</summary>
    public string Subject { get; private set; } = string.Empty;

    public string ClientId { get; private set; } = string.Empty;

    public string Scope { get; private set; } = string.Empty;

    public string Resource { get; private set; } = string.Empty;

    /// <summary>Upstream identity claims (id_token and userinfo) as JSON, kept so refreshed tokens carry the same claims.</summary>
    public string IdentityClaimsJson { get; private set; } = "{}";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public string? RevocationReason { get; private set; }

    public bool IsActive => RevokedAt is null;

    public static Session Start(
        string subject,
        string clientId,
        string scope,
        string resource,
        string identityClaimsJson,
        DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        return new Session
        {
            Id = Guid.CreateVersion7(now),
            Subject = subject,
            ClientId = clientId,
            Scope = scope,
            Resource = resource,
            IdentityClaimsJson = identityClaimsJson,
            CreatedAt = now,
        };
    }

    /// <summary>Idempotent: the first reason is kept.</summary>
    public void Revoke(string reason, DateTimeOffset now)
    {
        if (RevokedAt is not null)
        {
            return;
        }

        RevokedAt = now;
        RevocationReason = reason;
    }
}
