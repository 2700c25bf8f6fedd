using CleanProxy.Application.Common.Options;
using CleanProxy.Application.Maintenance.Commands.PruneExpiredGrants;
using CleanProxy.Infrastructure.Persistence;
using Mediator;
using Microsoft.Extensions.Options;

namespace CleanProxy.WebApi.Maintenance;

/// <summary>
/// Runs <see cref="PruneExpiredGrantsCommand"/> every <c>CleanProxy:Maintenance:PruneIntervalSeconds</c> on this
/// instance. Every instance runs it; that is safe (see the handler) and needs no leader election. The interval
/// follows the app's <see cref="TimeProvider"/>, so tests drive it with their fake clock.
/// </summary>
public sealed partial class GrantPruningService(
    IServiceScopeFactory scopes,
    IOptions<CleanProxyOptions> options,
    TimeProvider time,
    ILogger<GrantPruningService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = options.Value.Maintenance.PruneIntervalSeconds;
        if (seconds == 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await PruneOnceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task PruneOnceAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new PruneExpiredGrantsCommand(), stoppingToken);
            if (result.Succeeded && result.Value.Total > 0)
            {
                var pruned = result.Value;
                LogPruned(pruned.PendingAuthorizations, pruned.AuthorizationCodes, pruned.RefreshTokens, pruned.Sessions);
            }
        }
        catch (Exception exception) when (DatabaseOutage.IsOutage(exception))
        {
            // The next tick tries again; requests report the outage themselves.
            LogPruneFailed(exception.GetBaseException().Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned expired grants: {PendingAuthorizations} pending authorizations, {AuthorizationCodes} codes, {RefreshTokens} refresh tokens, {Sessions} sessions")]
    private partial void LogPruned(int pendingAuthorizations, int authorizationCodes, int refreshTokens, int sessions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pruning expired grants failed because the database is unavailable; retrying at the next interval. {Reason}")]
    private partial void LogPruneFailed(string reason);
}
