using System.Text;
using CleanProxy.Application.Common.OAuth;
using Mediator;

namespace CleanProxy.Application.Gateway.Queries.AuthorizeGatewayRequest;

/// <summary>
/// Decides whether a request to the MCP gateway may pass, and with which upstream access token it is forwarded.
/// Fails with <c>invalid_token</c> (RFC 6750 §3.1).
/// </summary>
public sealed record AuthorizeGatewayRequestQuery(string BearerToken) : IQuery<OAuthResult<GatewayGrant>>
{
    private bool PrintMembers(StringBuilder builder) => true;
}

public sealed record GatewayGrant(Guid SessionId, string Subject, string ClientId, string UpstreamAccessToken)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("SessionId = ").Append(SessionId).Append(", Subject = ").Append(Subject).Append(", ClientId = ").Append(ClientId);
        return true;
    }
}
