using System.Net;
using System.Text.Json.Nodes;
using CleanProxy.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace CleanProxy.IntegrationTests.Deployment;

/// <summary>
/// Two proxy instances on one SQLite database, started together on an empty file, requests spread round-robin as a
/// load balancer would: no interleaving issues a grant twice.
/// </summary>
public sealed class TwoInstanceTests(TwoInstanceProxyStack stack) : IClassFixture<TwoInstanceProxyStack>
{
    [Fact]
    public async Task BothInstancesStartedTogetherOnAnEmptyDatabase_MigrateOnce_AndShareOneSigningKey()
    {
        Assert.Equal(1, await stack.QueryDatabaseAsync(db => db.SigningKeys.CountAsync()));
        Assert.Empty(await stack.QueryDatabaseAsync(db => db.Database.GetPendingMigrationsAsync()));
        var errors = stack.ProxyLogs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => e.Length > 600 ? e[..600] : e)));

        using var http = new HttpClient();
        var jwks = await Task.WhenAll(stack.ProxyInstanceUrls.Select(async url =>
            JsonNode.Parse(await http.GetStringAsync(url + "/.well-known/jwks.json"))!["keys"]!.ToJsonString()));
        Assert.Single(jwks.Distinct(StringComparer.Ordinal));
    }

    [Fact]
    public Task TokensFromOneInstance_AreAcceptedByTheOther()
        => RaceScenarios.TokensFromOneInstance_AreAcceptedByEveryOther(stack);

    [Fact]
    public Task SameCodeRedeemedOnBothInstancesAtOnce_YieldsExactlyOneTokenResponse()
        => RaceScenarios.SameCodeRedeemedConcurrently_YieldsExactlyOneTokenResponse(stack);

    [Fact]
    public Task SameRefreshTokenOnBothInstancesAtOnce_YieldsAtMostOneSuccessor_AndNoForkedFamily()
        => RaceScenarios.SameRefreshTokenConcurrently_YieldsAtMostOneSuccessor_AndNoForkedFamily(stack);

    [Fact]
    public Task SameCallbackOnBothInstancesAtOnce_YieldsOneCode()
        => RaceScenarios.SameCallbackConcurrently_YieldsOneCode(stack);

    [Fact]
    public async Task ReadinessOfEachInstance_ReportsHealthy()
    {
        using var http = new HttpClient();
        foreach (var url in stack.ProxyInstanceUrls)
        {
            using var response = await http.GetAsync(url + "/health/ready");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }
}
