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

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Database.MigrateOnStartup)
        {
            await MigrateAsync(cancellationToken);
        }

        await signingKeys.GetAsync(cancellationToken);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {Count} migration(s) to the {Provider} database")]
    private partial void LogMigrating(string provider, int count);
}
