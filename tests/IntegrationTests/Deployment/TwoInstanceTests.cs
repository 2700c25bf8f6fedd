using System.Net;
using CleanProxy.IntegrationTests.Support;

namespace CleanProxy.IntegrationTests.Deployment;

/// <summary>
/// Two proxy instances on one SQLite database, started together on an empty file, requests spread round-robin as a
/// load balancer would: no interleaving issues a grant twice.
/// </summary>
public sealed class TwoInstanceTests(TwoInstanceProxyStack stack) : IClassFixture<TwoInstanceProxyStack>
{
    [Fact]
    public Task BothInstancesStartedTogetherOnAnEmptyDatabase_MigrateOnce_AndShareOneSigningKey()
        => RaceScenarios.InstancesStartedTogether_MigrateOnce_AndShareOneSigningKey(stack);

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

    [Fact]
    public Task RevocationAtOneInstance_IsHonouredByTheOther()
        => RaceScenarios.RevocationAtOneInstance_IsHonouredByEveryOther(stack);
}
