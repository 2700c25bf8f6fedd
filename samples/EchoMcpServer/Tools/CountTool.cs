using System.ComponentModel;
using System.Globalization;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace EchoMcpServer.Tools;

[McpServerToolType]
public sealed class CountTool(TimeProvider timeProvider)
{
    public const int Max = 20;

    // Long enough that each step leaves as its own SSE event, short enough for tests.
    private static readonly TimeSpan StepDelay = TimeSpan.FromMilliseconds(100);

    [McpServerTool(Name = "count", ReadOnly = true, Idempotent = true)]
    [Description("Counts from 1 to n (1..20), sending one progress notification per step when the request has a progress token, then returns \"1 2 ... n\".")]
    public async Task<CallToolResult> CountAsync(
        [Description("How far to count, 1..20.")] int n,
        RequestContext<CallToolRequestParams> context,
        CancellationToken cancellationToken)
    {
        if (n is < 1 or > Max)
        {
            return ToolResults.Error($"n must be between 1 and {Max}");
        }

        var progressToken = context.Params?.ProgressToken;
        for (var i = 1; i <= n; i++)
        {
            await Task.Delay(StepDelay, timeProvider, cancellationToken);
            if (progressToken is { } token)
            {
                // Awaited rather than IProgress.Report (fire-and-forget), so every notification is on the wire, in
                // order, before the result.
                await context.Server.NotifyProgressAsync(
                    token,
                    new ProgressNotificationValue { Progress = i, Total = n, Message = i.ToString(CultureInfo.InvariantCulture) },
                    cancellationToken: cancellationToken);
            }
        }

        return ToolResults.Text(string.Join(' ', Enumerable.Range(1, n).Select(i => i.ToString(CultureInfo.InvariantCulture))));
    }
}
