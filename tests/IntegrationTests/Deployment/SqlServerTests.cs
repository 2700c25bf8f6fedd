using CleanProxy.IntegrationTests.Support;

namespace CleanProxy.IntegrationTests.Deployment;

/// <summary>
/// The production provider for real: two instances on one SQL Server database run the main flow and the same races
/// as on SQLite. Skipped, with the reason, where neither Docker nor <c>CLEANPROXY_TEST_SQLSERVER</c> is available.
/// </summary>
public sealed class SqlServerTests(SqlServerProxyStack sqlServer) : IClassFixture<SqlServerProxyStack>
{
    [Fact]
    public Task SqlServer_BothInstancesStartedTogetherOnAnEmptyDatabase_MigrateOnce_AndShareOneSigningKey()
        => RaceScenarios.InstancesStartedTogether_MigrateOnce_AndShareOneSigningKey(sqlServer.Running());

    [Fact]
    public Task SqlServer_MainFlow_TokensFromOneInstanceAreAcceptedByTheOther()
        => RaceScenarios.TokensFromOneInstance_AreAcceptedByEveryOther(sqlServer.Running());

    [Fact]
    public Task SqlServer_SameCodeRedeemedOnBothInstancesAtOnce_YieldsExactlyOneTokenResponse()
        => RaceScenarios.SameCodeRedeemedConcurrently_YieldsExactlyOneTokenResponse(sqlServer.Running());

    [Fact]
    public Task SqlServer_SameRefreshTokenOnBothInstancesAtOnce_YieldsAtMostOneSuccessor_AndNoForkedFamily()
        => RaceScenarios.SameRefreshTokenConcurrently_YieldsAtMostOneSuccessor_AndNoForkedFamily(sqlServer.Running());

    [Fact]
    public Task SqlServer_SameCallbackOnBothInstancesAtOnce_YieldsOneCode()
        => RaceScenarios.SameCallbackConcurrently_YieldsOneCode(sqlServer.Running());

    [Fact]
    public Task SqlServer_RevocationAtOneInstance_IsHonouredByTheOther()
        => RaceScenarios.RevocationAtOneInstance_IsHonouredByEveryOther(sqlServer.Running());
}
