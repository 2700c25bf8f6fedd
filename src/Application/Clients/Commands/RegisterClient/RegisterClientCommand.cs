using CleanProxy.Application.Common.OAuth;
using Mediator;

namespace CleanProxy.Application.Clients.Commands.RegisterClient;

/// <summary>Dynamic Client Registration (RFC 7591 §3.1): the client metadata as received.</summary>
public sealed record RegisterClientCommand(
    IReadOnlyList<string>? RedirectUris,
    string? TokenEndpointAuthMethod,
    IReadOnlyList<string>? GrantTypes,
    IReadOnlyList<string>? ResponseTypes,
    string? ClientName,
    string? Scope) : ICommand<OAuthResult<RegisteredClient>>;

/// <summary>The registration response (RFC 7591 §3.2.1).</summary>
public sealed record RegisteredClient(
    string ClientId,
    string? ClientSecret,
    long ClientIdIssuedAt,
    long? ClientSecretExpiresAt,
    IReadOnlyList<string> RedirectUris,
    string TokenEndpointAuthMethod,
    IReadOnlyList<string> GrantTypes,
    IReadOnlyList<string> ResponseTypes,
    string? ClientName,
    string? Scope)
{
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("ClientId = ").Append(ClientId).Append(", TokenEndpointAuthMethod = ").Append(TokenEndpointAuthMethod);
        return true;
    }
}
