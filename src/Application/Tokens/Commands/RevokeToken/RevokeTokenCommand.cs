using System.Text;
using CleanProxy.Application.Common.Behaviours;
using CleanProxy.Application.Common.OAuth;
using CleanProxy.Application.Common.Security;
using Mediator;

namespace CleanProxy.Application.Tokens.Commands.RevokeToken;

/// <summary>Token revocation (RFC 7009). Revoking either token ends the session behind it.</summary>
public sealed record RevokeTokenCommand(ClientCredentials Client, string? Token, string? TokenTypeHint)
    : ICommand<OAuthResult<TokenRevoked>>, IHasClientId
{
    public string? ClientIdForLog => Client.ClientId;

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Client = ").Append(Client).Append(", TokenTypeHint = ").Append(TokenTypeHint);
        return true;
    }
}

public sealed record TokenRevoked;
