using DevIdentityProvider.Stores;

namespace DevIdentityProvider.Diagnostics;

/// <summary>Keeps the in-memory stores from growing without bound during long dev sessions.</summary>
internal sealed class ExpiredGrantPruner(GrantStore grants, PendingLoginStore pendingLogins, TimeProvider timeProvider)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = timeProvider.GetUtcNow();
                grants.Prune(now);
                pendingLogins.Prune(now);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown.
        }
    }
}
