using System.Diagnostics;
using System.Net;
using CleanProxy.IntegrationTests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CleanProxy.IntegrationTests.Deployment;

/// <summary>
/// The database locked by someone else (as during an outage or a long maintenance write): requests fail fast with
/// 503 temporarily_unavailable and write nothing, the service recovers by itself, and start-up waits a bounded time.
/// The proxy's SQLite busy timeout is one second so that "fast" is measurable.
/// </summary>
public sealed class DatabaseFaultTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cleanproxy-tests", Guid.NewGuid().ToString("N"));

    public DatabaseFaultTests() => Directory.CreateDirectory(_directory);

    private string DatabasePath => Path.Combine(_directory, "fault.db");

    [Fact]
    public async Task DatabaseLockedDuringTokenRequest_FailsFastWith503_WritesNothing_AndTheSameCodeWorksOnceItIsBack()
    {
        await using var stack = await StartStackAsync();
        using var client = new OAuthTestClient(stack);
        var (registered, code, verifier) = await client.AuthorizeAsync();

        TokenResult during;
        var elapsed = Stopwatch.StartNew();
        await using (var outage = await LockDatabaseAsync())
        {
            during = await client.ExchangeCodeAsync(registered, code, verifier);
            elapsed.Stop();
        }

        during.AssertError(HttpStatusCode.ServiceUnavailable, "temporarily_unavailable");
        Assert.Contains("no-store", during.CacheControl, StringComparison.Ordinal);
        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(10), $"took {elapsed.Elapsed}");
        Assert.Equal(0, await stack.QueryDatabaseAsync(db => db.RefreshTokens.CountAsync(t => t.ClientId == registered.ClientId)));
        Assert.Equal(0, await stack.QueryDatabaseAsync(db => db.AuthorizationCodes.CountAsync(c => c.ClientId == registered.ClientId && c.RedeemedAt != null)));

        var after = await client.ExchangeCodeAsync(registered, code, verifier);

        Assert.Equal(HttpStatusCode.OK, after.Status);
    }

    [Fact]
    public async Task DatabaseLockedAtStartup_StartupWaitsWithAClearLogLine_AndStartsOnceItIsBack()
    {
        var outage = await LockDatabaseAsync();
        var stack = CreateStack(startupWaitSeconds: 60);
        try
        {
            var starting = stack.InitializeAsync().AsTask();
            await WaitUntilAsync(() => stack.ProxyLogs.Lines.Any(l => l.Contains("The database is not reachable yet", StringComparison.Ordinal)));
            Assert.False(starting.IsCompleted);

            await outage.DisposeAsync();
            await starting.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Contains(stack.ProxyLogs.Lines, l => l.Contains("The database is reachable", StringComparison.Ordinal));
            using var client = new OAuthTestClient(stack);
            var (registered, code, verifier) = await client.AuthorizeAsync();
            Assert.Equal(HttpStatusCode.OK, (await client.ExchangeCodeAsync(registered, code, verifier)).Status);
        }
        finally
        {
            await outage.DisposeAsync();
            await stack.DisposeAsync();
        }
    }

    [Fact]
    public async Task DatabaseUnreachableForLongerThanTheStartupWait_StartupFailsWithACriticalLogLine()
    {
        await using var outage = await LockDatabaseAsync();
        await using var stack = CreateStack(startupWaitSeconds: 2);

        await Assert.ThrowsAsync<SqliteException>(async () => await stack.InitializeAsync());

        Assert.Contains(stack.ProxyLogs.Lines, l => l.StartsWith("Critical", StringComparison.Ordinal)
            && l.Contains("CleanProxy:Database:StartupWaitSeconds", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Readiness_Is503WhileTheDatabaseIsGone_AndRecoversWithoutARestart()
    {
        await using var stack = await StartStackAsync();
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(stack.ProxyUrl + "/health/ready")).StatusCode);

        File.Move(DatabasePath, DatabasePath + ".away");
        var whileGone = await http.GetAsync(stack.ProxyUrl + "/health/ready");
        var liveWhileGone = await http.GetAsync(stack.ProxyUrl + "/health/live");
        File.Move(DatabasePath + ".away", DatabasePath);
        var afterwards = await http.GetAsync(stack.ProxyUrl + "/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, whileGone.StatusCode);
        Assert.Equal(HttpStatusCode.OK, liveWhileGone.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp file is harmless.
        }
    }

    private async Task<ProxyStack> StartStackAsync()
    {
        var stack = CreateStack(startupWaitSeconds: 5);
        await stack.InitializeAsync();
        return stack;
    }

    private ProxyStack CreateStack(int startupWaitSeconds) => new(new Dictionary<string, string?>
    {
        ["ConnectionStrings:CleanProxy"] = $"Data Source={DatabasePath};Default Timeout=1",
        ["CleanProxy:Database:StartupWaitSeconds"] = startupWaitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    /// <summary>Another process takes the database's write lock (creating the file if needed) until disposed.</summary>
    private async Task<DatabaseLock> LockDatabaseAsync()
    {
        var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "BEGIN EXCLUSIVE";
        await command.ExecuteNonQueryAsync();
        return new DatabaseLock(connection);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(20), "timed out waiting");
            await Task.Delay(50);
        }
    }

    private sealed class DatabaseLock(SqliteConnection connection) : IAsyncDisposable
    {
        private bool _released;

        public async ValueTask DisposeAsync()
        {
            if (!_released)
            {
                _released = true;
                await connection.DisposeAsync();
            }
        }
    }
}
