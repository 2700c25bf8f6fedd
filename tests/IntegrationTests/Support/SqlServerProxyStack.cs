using CleanProxy.Application.Common.Options;
using DotNet.Testcontainers.Builders;
using Microsoft.Data.SqlClient;
using Testcontainers.MsSql;

namespace CleanProxy.IntegrationTests.Support;

/// <summary>
/// Two proxy instances on one SQL Server database: the server named by <c>CLEANPROXY_TEST_SQLSERVER</c> (a connection
/// string; each run gets its own database, dropped afterwards) or else a throw-away Testcontainers SQL Server when a
/// Docker engine is reachable. With neither, <see cref="Stack"/> is null and every test reports itself skipped with
/// <see cref="SkipReason"/> — never silently green.
/// </summary>
public sealed class SqlServerProxyStack : IAsyncLifetime
{
    public const string ConnectionStringVariable = "CLEANPROXY_TEST_SQLSERVER";
    public const string Image = "mcr.microsoft.com/mssql/server:2022-latest";

    private MsSqlContainer? _container;
    private string? _databaseConnectionString;

    public ProxyStack? Stack { get; private set; }

    public string SkipReason { get; private set; } = string.Empty;

    /// <summary>The running stack, or the test ends as skipped with the reason.</summary>
    public ProxyStack Running()
    {
        if (Stack is null)
        {
            Assert.Skip(SkipReason);
        }

        return Stack;
    }

    public async ValueTask InitializeAsync()
    {
        var server = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            try
            {
                _container = new MsSqlBuilder(Image).Build();
            }
            catch (DockerUnavailableException exception)
            {
                SkipReason = $"SQL Server tests need a Docker engine (Testcontainers.MsSql) or {ConnectionStringVariable}; neither is available here ({exception.Message.Split('\n')[0].Trim()})";
                return;
            }

            await _container.StartAsync();
            server = _container.GetConnectionString();
        }

        // A database of its own, created by the proxies' own start-up migration (both instances start together).
        _databaseConnectionString = new SqlConnectionStringBuilder(server)
        {
            InitialCatalog = "cleanproxy_test_" + Guid.NewGuid().ToString("N"),
            TrustServerCertificate = true,
        }.ConnectionString;
        Stack = new ProxyStack(
            new Dictionary<string, string?>
            {
                ["CleanProxy:Database:Provider"] = DatabaseOptions.SqlServer,
                ["ConnectionStrings:CleanProxy"] = _databaseConnectionString,
            },
            proxyInstances: 2);
        await Stack.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Stack is not null)
        {
            await Stack.DisposeAsync();
        }

        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
        else if (_databaseConnectionString is not null)
        {
            await DropDatabaseAsync(_databaseConnectionString);
        }
    }

    private static async Task DropDatabaseAsync(string connectionString)
    {
        SqlConnection.ClearAllPools();
        var builder = new SqlConnectionStringBuilder(connectionString);
        var database = builder.InitialCatalog;
        builder.InitialCatalog = "master";
        await using var connection = new SqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // The name is generated above from a GUID, never from input.
        command.CommandText = $"IF DB_ID('{database}') IS NOT NULL BEGIN ALTER DATABASE [{database}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{database}]; END";
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync();
    }
}
