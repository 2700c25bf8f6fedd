using System.ComponentModel;
using System.Text.Json;
using EchoMcpServer.Http;
using EchoMcpServer.UserInfo;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace EchoMcpServer.Tools;

[McpServerToolType]
public sealed class WhoAmITool(IHttpContextAccessor httpContextAccessor, UserInfoClient userInfoClient)
{
    [McpServerTool(Name = "whoami", ReadOnly = true, OpenWorld = true)]
    [Description("Returns the upstream identity provider's userinfo for the bearer token this request arrived with, as a JSON object.")]
    public async Task<CallToolResult> WhoAmIAsync(CancellationToken cancellationToken)
    {
        // Stateless transport: the tool runs inside the HTTP request that carried the token.
        var request = httpContextAccessor.HttpContext?.Request;
        var token = request is null ? null : BearerToken.From(request);
        if (token is null)
        {
            return ToolResults.Error("the MCP request carried no bearer token");
        }

        var userInfo = await userInfoClient.GetAsync(token, cancellationToken);
        return userInfo.Claims is { } claims
            ? ToolResults.Text(JsonSerializer.Serialize(claims))
            : ToolResults.Error(userInfo.Error ?? "upstream userinfo failed");
    }
}
