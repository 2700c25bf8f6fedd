using CleanProxy.IntegrationTests.Support;

namespace CleanProxy.IntegrationTests.Flow;

/// <summary>What a newcomer sees first: a clean start on a database that does not exist yet.</summary>
public sealed class FirstStartTests
{
    [Fact]
    public async Task FirstStartOnAnEmptyDatabase_MigratesAndLogsNoErrors()
    {
        await using var stack = new ProxyStack();
        await stack.InitializeAsync();

        var errors = stack.ProxyLogs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => e.Length > 400 ? e[..400] : e)));
        Assert.Contains(stack.ProxyLogs.Lines, l => l.Contains("Created signing key", StringComparison.Ordinal));
    }
}
