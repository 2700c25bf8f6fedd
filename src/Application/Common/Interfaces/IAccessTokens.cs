namespace CleanProxy.Application.Common.Interfaces;

/// <summary>Signs the proxy's JWT access tokens (RFC 9068) with its current signing key.</summary>
public interface IAccessTokenIssuer
{
    ValueTask<string> IssueAsync(AccessTokenDescriptor descriptor, CancellationToken cancellationToken);
}

/// <summary>Validates the proxy's own access tokens locally (signature, iss, aud, lifetime): no database round trip.</summary>
public interface IAccessTokenValidator
{
    ValueTask<AccessTokenValidation> ValidateAsync(string token, string audience, CancellationToken cancellationToken);
}

/// <summary>The public keys clients and resource servers verify access tokens with.</summary>
public interface ISigningKeySet
{
    ValueTask<IReadOnlyList<string>> GetPublicJwksAsync(CancellationToken cancellationToken);
}

public sealed record AccessTokenDescriptor(
    string Subject,
    string ClientId,
    string Scope,
    Guid SessionId,
    string Audience,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt)
{
    /// <summary>Claims mapped from the upstream identity (never a reserved one: the issuer sets those itself).</summary>
    public IReadOnlyDictionary<string, System.Text.Json.JsonElement> AdditionalClaims { get; init; }
        = new Dictionary<string, System.Text.Json.JsonElement>();
}

public sealed record AccessTokenValidation(bool IsValid, string? Failure, Guid SessionId, string? Subject, string? ClientId, string? Scope)
{
    /// <summary>The token's <c>iat</c> and <c>exp</c> when valid (introspection reports them).</summary>
    public DateTimeOffset IssuedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    public static AccessTokenValidation Invalid(string failure) => new(false, failure, Guid.Empty, null, null, null);

    public static AccessTokenValidation Valid(Guid sessionId, string subject, string clientId, string scope)
        => new(true, null, sessionId, subject, clientId, scope);
}
