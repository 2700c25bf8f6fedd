using CleanProxy.WebApi;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CleanProxy.IntegrationTests.Deployment;

/// <summary>The deployment settings are validated at start-up like the others: the key is named, nothing is ignored.</summary>
public sealed class DeploymentConfigurationTests
{
    private static readonly Dictionary<string, string?> Valid = new()
    {
        ["CleanProxy:Issuer"] = "http://127.0.0.1:5999",
        ["CleanProxy:Auth:Remote:Provider"] = "http://127.0.0.1:5998",
        ["CleanProxy:Auth:Remote:ClientId"] = "cleanproxy",
        ["CleanProxy:Auth:Remote:ClientSecret"] = "upstream-Secret-Value-42",
        ["CleanProxy:Gateway:Backend"] = "http://127.0.0.1:5997/mcp",
        ["ConnectionStrings:CleanProxy"] = "Data Source=:memory:",
    };

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
        var settings = new Dictionary<string, string?>(Valid) { [key] = value };

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = CleanProxyWebApp.Build([], builder =>
            {
                builder.Configuration.Sources.Clear();
                builder.Configuration.AddInMemoryCollection(settings);
                builder.WebHost.UseUrls("http://127.0.0.1:0");
                builder.Logging.ClearProviders();
            });
            await app.StartAsync(TestContext.Current.CancellationToken);
            await app.StopAsync(TestContext.Current.CancellationToken);
        });

        Assert.Contains(exception.Failures, failure => failure.StartsWith(key, StringComparison.Ordinal)
            && failure.Contains("CleanProxy__", StringComparison.Ordinal));
    }
}
