using System.ComponentModel;
using ModelContextProtocol.Server;

namespace EchoMcpServer.Tools;

[McpServerToolType]
public sealed class EchoTool
{
    [McpServerTool(Name = "echo", ReadOnly = true, Idempotent = true)]
    [Description("Returns the message unchanged.")]
    public static string Echo([Description("The text to send back.")] string message) => message;
}
