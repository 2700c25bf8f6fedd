using CleanProxy.Application.Common.Options;
using CleanProxy.Infrastructure.Tokens;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CleanProxy.Infrastructure.Persistence;

/// <summary>Brings the database to the current migration and makes sure a signing key exists before traffic arrives.</summary>
public sealed partial class DatabaseInitializer(
    CleanProxyDbContext db,
    SigningKeyStore signingKeys,
    IOptions<CleanProxyOptions> options,
    ILogger<DatabaseInitializer> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        EnsureSqliteDirectoryExists();
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            LogMigrating(options.Value.Database.Provider, pending.Count);
            await db.Database.MigrateAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Migrates (when configured) and loads the signing key, waiting for a database that is not reachable yet (a
    /// container starting next to it, a failover) up to <see cref="DatabaseOptions.StartupWaitSeconds"/>. Two instances
    /// starting together are safe: EF Core holds a migration lock (SQL Server <c>sp_getapplock</c>, SQLite a lock
    /// table), and one that loses a race to create the database simply finds it on its next attempt.
    /// </summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        // Wall-clock time on purpose: start-up waits for a real database, whatever clock the tokens are issued by.
        var clock = TimeProvider.System;
        var deadline = clock.GetUtcNow().AddSeconds(options.Value.Database.StartupWaitSeconds);
        var delay = TimeSpan.FromMilliseconds(500);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (options.Value.Database.MigrateOnStartup)
                {
                    await MigrateAsync(cancellationToken);
                }

                await signingKeys.GetAsync(cancellationToken);
                if (attempt > 1)
                {
                    LogDatabaseReached(attempt);
                }

                return;
            }
            catch (Exception exception) when (DatabaseOutage.IsOutage(exception) && clock.GetUtcNow() + delay < deadline)
            {
                LogWaitingForDatabase(attempt, delay.TotalSeconds, options.Value.Database.StartupWaitSeconds, exception.GetBaseException().Message);
                db.ChangeTracker.Clear();
                await Task.Delay(delay, clock, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
            catch (Exception exception) when (DatabaseOutage.IsOutage(exception))
            {
                LogGivingUp(attempt, options.Value.Database.StartupWaitSeconds);
                throw;
            }
        }
    }

    private void EnsureSqliteDirectoryExists()
    {
        if (!db.Database.IsSqlite())
        {
            return;
        }

        var dataSource = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
        var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database is not reachable yet (attempt {Attempt}): retrying in {DelaySeconds} s, for at most {WaitSeconds} s in all (CleanProxy:Database:StartupWaitSeconds). {Reason}")]
    private partial void LogWaitingForDatabase(int attempt, double delaySeconds, int waitSeconds, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The database is reachable (attempt {Attempt})")]
    private partial void LogDatabaseReached(int attempt);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The database was not reachable after {Attempt} attempts within {WaitSeconds} s (CleanProxy:Database:StartupWaitSeconds): CleanProxy cannot start")]
    private partial void LogGivingUp(int attempt, int waitSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {Count} migration(s) to the {Provider} database")]
    private partial void LogMigrating(string provider, int count);
}
