using CleanProxy.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CleanProxy.UnitTests.Infrastructure.Persistence;

public sealed class MigrationsTests
{
    [Fact]
    public void SqliteMigrations_AreUpToDateWithTheModel()
    {
        using var context = new SqliteCleanProxyDbContext(
            new DbContextOptionsBuilder<SqliteCleanProxyDbContext>().UseSqlite("Data Source=:memory:").Options);

        Assert.False(context.Database.HasPendingModelChanges(), "The model changed without a SQLite migration: run dotnet ef migrations add.");
    }

    [Fact]
    public void SqlServerMigrations_AreUpToDateWithTheModel()
    {
        using var context = new SqlServerCleanProxyDbContext(
            new DbContextOptionsBuilder<SqlServerCleanProxyDbContext>().UseSqlServer("Server=unused;Database=x").Options);

        Assert.False(context.Database.HasPendingModelChanges(), "The model changed without a SQL Server migration: run dotnet ef migrations add.");
    }

    [Fact]
    public void AppliedSqliteMigrations_CreateEveryTable()
    {
        using var database = new SqliteTestDatabase();
        using var connection = database.OpenConnection();

        var tables = Query(connection, "SELECT name FROM sqlite_master WHERE type = 'table'");

        Assert.Superset(
            new HashSet<string>(
            [
                "Clients", "PendingAuthorizations", "AuthorizationCodes", "Sessions", "UpstreamTokenVault",
                "RefreshTokens", "SigningKeys", "DataProtectionKeys", "__EFMigrationsHistory",
            ]),
            tables.ToHashSet());
    }

    [Fact]
    public void AppliedSqliteMigrations_LeaveNoMigrationPending()
    {
        using var database = new SqliteTestDatabase();
        using var context = database.CreateContext();

        Assert.Empty(context.Database.GetPendingMigrations());
        Assert.NotEmpty(context.Database.GetAppliedMigrations());
    }

    [Theory]
    [InlineData("AuthorizationCodes", "CodeHash")]
    [InlineData("RefreshTokens", "TokenHash")]
    [InlineData("PendingAuthorizations", "StateHash")]
    [InlineData("SigningKeys", "Generation")]
    public void AppliedSqliteMigrations_CreateAUniqueIndexOn(string table, string column)
    {
        using var database = new SqliteTestDatabase();
        using var connection = database.OpenConnection();

        // PRAGMA index_list: seq, name, unique, origin, partial.
        var uniqueIndexes = Query(connection, $"SELECT name FROM pragma_index_list('{table}') WHERE \"unique\" = 1 AND partial = 0");
        var uniqueSingleColumns = uniqueIndexes
            .Select(index => Query(connection, $"SELECT name FROM pragma_index_info('{index}')"))
            .Where(columns => columns.Count == 1)
            .Select(columns => columns[0]);

        Assert.Contains(column, uniqueSingleColumns);
    }

    private static List<string> Query(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Table and index names come from the test's own constants and sqlite_master.
        command.CommandText = sql;
#pragma warning restore CA2100
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
