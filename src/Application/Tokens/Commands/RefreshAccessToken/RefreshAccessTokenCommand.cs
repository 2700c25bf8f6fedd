using System.Text;
using CleanProxy.Application.Common.Behaviours;
using CleanProxy.Application.Common.OAuth;
using CleanProxy.Application.Common.Security;
using CleanProxy.Application.Tokens.Common;
using Mediator;

namespace CleanProxy.Application.Tokens.Commands.RefreshAccessToken;

/// <summary>The refresh_token grant (RFC 6749 §6) with rotation (OAuth 2.1 §4.3.1).</summary>
public sealed record RefreshAccessTokenCommand(
    ClientCredentials Client,
    string? RefreshToken,
    string? Scope,
    string? Resource) : ICommand<OAuthResult<TokenResponse>>, IHasClientId
{
    public string? ClientIdForLog => Client.ClientId;

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Client = ").Append(Client).Append(", Scope = ").Append(Scope);
        return true;
    }
}
