using CleanProxy.WebApi;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CleanProxy.IntegrationTests.Flow;

/// <summary>Invalid configuration stops start-up with a message naming the key, not a stack trace at the first request.</summary>
public sealed class StartupConfigurationTests
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
    [InlineData("CleanProxy:Issuer", "", "CleanProxy:Issuer")]
    [InlineData("CleanProxy:Issuer", "http://127.0.0.1:5999/", "CleanProxy:Issuer")]
    [InlineData("CleanProxy:Issuer", "http://proxy.example.com", "CleanProxy:Issuer")]
    [InlineData("CleanProxy:Auth:Remote:ClientSecret", "", "CleanProxy:Auth:Remote:ClientSecret")]
    [InlineData("CleanProxy:Auth:Remote:Provider", "not a url", "CleanProxy:Auth:Remote:Provider")]
    [InlineData("CleanProxy:Gateway:Backend", "", "CleanProxy:Gateway:Backend")]
    [InlineData("CleanProxy:Auth:Consent:Enabled", "true", "CleanProxy:Auth:Consent:Enabled")]
    [InlineData("CleanProxy:Auth:SessionMode", "Stateless", "CleanProxy:Auth:SessionMode")]
    [InlineData("CleanProxy:Auth:Remote:RefreshSkewSeconds", "-1", "CleanProxy:Auth:Remote:RefreshSkewSeconds")]
    [InlineData("CleanProxy:Auth:Refresh:AccessTokenTtl", "5", "CleanProxy:Auth:Refresh:AccessTokenTtl")]
    [InlineData("CleanProxy:Database:Provider", "Oracle", "CleanProxy:Database:Provider")]
    public async Task InvalidSetting_StopsStartUp_NamingTheKey(string key, string value, string named)
    {
        var settings = new Dictionary<string, string?>(Valid) { [key] = value };

        // Whether the host refuses while it is built or while it starts, it never serves a request.
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

        Assert.Contains(exception.Failures, failure => failure.StartsWith(named, StringComparison.Ordinal));
        Assert.DoesNotContain("upstream-Secret-Value-42", exception.Message, StringComparison.Ordinal);
    }
}
