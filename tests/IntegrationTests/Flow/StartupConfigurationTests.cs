using CleanProxy.IntegrationTests.Support;

namespace CleanProxy.IntegrationTests.Flow;

/// <summary>Invalid configuration stops start-up with a message naming the key, not a stack trace at the first request.</summary>
public sealed class StartupConfigurationTests
{
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
    [InlineData("CleanProxy:Auth:Remote:CircuitBreaker:MinimumThroughput", "1", "CleanProxy:Auth:Remote:CircuitBreaker:MinimumThroughput")]
    [InlineData("CleanProxy:Auth:Remote:CircuitBreaker:FailureRatio", "0", "CleanProxy:Auth:Remote:CircuitBreaker:FailureRatio")]
    [InlineData("CleanProxy:Auth:Refresh:AccessTokenTtl", "5", "CleanProxy:Auth:Refresh:AccessTokenTtl")]
    [InlineData("CleanProxy:Database:Provider", "Oracle", "CleanProxy:Database:Provider")]
    public async Task InvalidSetting_StopsStartUp_NamingTheKey(string key, string value, string named)
    {
        var settings = StartupProbe.ValidWith(key, value);

        var exception = await StartupProbe.RefusesToStartAsync(settings);

        Assert.Contains(exception.Failures, failure => failure.StartsWith(named, StringComparison.Ordinal));
        Assert.DoesNotContain(StartupProbe.UpstreamSecret, exception.Message, StringComparison.Ordinal);
    }
}
