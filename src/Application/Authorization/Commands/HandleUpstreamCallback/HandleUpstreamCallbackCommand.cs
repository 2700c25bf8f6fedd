using System.Text;
using CleanProxy.Application.Common.OAuth;
using Mediator;

namespace CleanProxy.Application.Authorization.Commands.HandleUpstreamCallback;

/// <summary>
/// The upstream IdP's authorization response at the proxy's callback. Succeeds with the redirect back to the MCP
/// client (with the proxy's code, or an error); fails with an error page when the state cannot be trusted.
/// </summary>
public sealed record HandleUpstreamCallbackCommand(string? State, string? Code, string? Error, string? ErrorDescription)
    : ICommand<OAuthResult<BrowserRedirect>>
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Error = ").Append(Error);
        return true;
    }
}
