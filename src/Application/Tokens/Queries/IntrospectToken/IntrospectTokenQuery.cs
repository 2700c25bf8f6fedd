using System.Text;
using CleanProxy.Application.Common.Behaviours;
using CleanProxy.Application.Common.OAuth;
using CleanProxy.Application.Common.Security;
using Mediator;

namespace CleanProxy.Application.Tokens.Queries.IntrospectToken;

/// <summary>
/// Token introspection (RFC 7662). Only clients that authenticate with their secret may ask (§2.1), and only about
/// their own tokens (§4: the answer must not help anyone scan for valid tokens); everything else is inactive.
/// </summary>
public sealed record IntrospectTokenQuery(ClientCredentials Client, string? Token, string? TokenTypeHint)
    : IQuery<OAuthResult<TokenIntrospection>>, IHasClientId
{
    public string? ClientIdForLog => Client.ClientId;

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Client = ").Append(Client).Append(", TokenTypeHint = ").Append(TokenTypeHint);
        return true;
    }
}

/// <summary>An introspection answer (RFC 7662 §2.2); an inactive one carries nothing but <c>active: false</c>.</summary>
public sealed record TokenIntrospection(
    bool Active,
    string? Scope = null,
    string? ClientId = null,
    string? Subject = null,
    string? TokenType = null,
    DateTimeOffset? IssuedAt = null,
    DateTimeOffset? ExpiresAt = null,
    string? Issuer = null,
    string? Audience = null)
{
    public static TokenIntrospection Inactive { get; } = new(false);
}
