using CleanProxy.IntegrationTests.Support;

namespace CleanProxy.IntegrationTests.Deployment;

/// <summary>The deployment settings are validated at start-up like the others: the key is named, nothing is ignored.</summary>
public sealed class DeploymentConfigurationTests
{
    [Theory]
    [InlineData("CleanProxy:Database:StartupWaitSeconds", "-1")]
    [InlineData("CleanProxy:Maintenance:PruneIntervalSeconds", "-5")]
    [InlineData("CleanProxy:Maintenance:PruneBatchSize", "0")]
    [InlineData("CleanProxy:Maintenance:ReplayDetectionRetentionSeconds", "-1")]
    [InlineData("CleanProxy:ForwardedHeaders:KnownProxies:0", "lb.internal")]
    [InlineData("CleanProxy:ForwardedHeaders:KnownNetworks:0", "10.0.0.0")]
    [InlineData("CleanProxy:SigningKeys:PublishLeadSeconds", "60")]
    [InlineData("CleanProxy:SigningKeys:RotationIntervalSeconds", "1000")]
    [InlineData("CleanProxy:DataProtection:CertificatePath", "/nonexistent/cleanproxy-dp.pfx")]
    public async Task InvalidDeploymentSetting_StopsStartUp_NamingTheKey(string key, string value)
    {
        var settings = StartupProbe.ValidWith(key, value);

        var exception = await StartupProbe.RefusesToStartAsync(settings);

        Assert.Contains(exception.Failures, failure => failure.StartsWith(key, StringComparison.Ordinal)
            && failure.Contains("CleanProxy__", StringComparison.Ordinal));
    }
}
