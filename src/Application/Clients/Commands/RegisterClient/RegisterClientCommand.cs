using CleanProxy.Application.Common.OAuth;
using Mediator;

namespace CleanProxy.Application.Clients.Commands.RegisterClient;

/// <summary>
/// Dynamic Client Registration (RFC 7591 §3.1): the client metadata as received, and the bearer token the request
/// carried (the initial access token, when registration requires one).
/// </summary>
public sealed record RegisterClientCommand(
    IReadOnlyList<string>? RedirectUris,
    string? TokenEndpointAuthMethod,
    IReadOnlyList<string>? GrantTypes,
    IReadOnlyList<string>? ResponseTypes,
    string? ClientName,
    string? Scope,
    string? InitialAccessToken = null) : ICommand<OAuthResult<RegisteredClient>>
{
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("RedirectUris = [").Append(string.Join(", ", RedirectUris ?? [])).Append("], TokenEndpointAuthMethod = ").Append(TokenEndpointAuthMethod)
            .Append(", ClientName = ").Append(ClientName).Append(", Scope = ").Append(Scope)
            .Append(", HasInitialAccessToken = ").Append(InitialAccessToken is not null);
        return true;
    }
}

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
