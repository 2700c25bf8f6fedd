using System.Text;
using CleanProxy.Application.Common.Behaviours;
using CleanProxy.Application.Common.OAuth;
using CleanProxy.Application.Common.Security;
using CleanProxy.Application.Tokens.Common;
using Mediator;

namespace CleanProxy.Application.Tokens.Commands.ExchangeAuthorizationCode;

/// <summary>The authorization_code grant (RFC 6749 §4.1.3 with PKCE, RFC 7636 §4.5).</summary>
public sealed record ExchangeAuthorizationCodeCommand(
    ClientCredentials Client,
    string? Code,
    string? RedirectUri,
    string? CodeVerifier,
    string? Resource) : ICommand<OAuthResult<TokenResponse>>, IHasClientId
{
    public string? ClientIdForLog => Client.ClientId;

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Client = ").Append(Client).Append(", RedirectUri = ").Append(RedirectUri);
        return true;
    }
}
