using CleanProxy.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CleanProxy.UnitTests.Infrastructure.Persistence;

/// <summary>A throw-away SQLite file brought to the current schema by the real migrations.</summary>
internal sealed class SqliteTestDatabase : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cleanproxy-unit-" + Guid.NewGuid().ToString("N"));

    public SqliteTestDatabase()
    {
        Directory.CreateDirectory(_directory);
        ConnectionString = $"Data Source={Path.Combine(_directory, "test.db")};Pooling=False";
        using var context = CreateContext();
        context.Database.Migrate();
    }

    public string ConnectionString { get; }

    public SqliteCleanProxyDbContext CreateContext()
        => new(new DbContextOptionsBuilder<SqliteCleanProxyDbContext>().UseSqlite(ConnectionString).Options);

    public SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
