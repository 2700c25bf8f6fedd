using ModelContextProtocol.Protocol;

namespace EchoMcpServer.Tools;

internal static class ToolResults
{
    public static CallToolResult Text(string text) => new() { Content = [new TextContentBlock { Text = text }] };

    public static CallToolResult Error(string message) =>
        new() { Content = [new TextContentBlock { Text = message }], IsError = true };
}
