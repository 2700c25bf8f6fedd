using CleanProxy.WebApi;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CleanProxy.IntegrationTests.Support;

/// <summary>Starts the proxy with nothing but the given settings, to prove which ones it refuses.</summary>
internal static class StartupProbe
{
    public const string UpstreamSecret = "upstream-Secret-Value-42";

    /// <summary>A minimal configuration the proxy accepts; tests change one key at a time.</summary>
    public static Dictionary<string, string?> ValidWith(string key, string? value) => new()
    {
        ["CleanProxy:Issuer"] = "http://127.0.0.1:5999",
        ["CleanProxy:Auth:Remote:Provider"] = "http://127.0.0.1:5998",
        ["CleanProxy:Auth:Remote:ClientId"] = "cleanproxy",
        ["CleanProxy:Auth:Remote:ClientSecret"] = UpstreamSecret,
        ["CleanProxy:Gateway:Backend"] = "http://127.0.0.1:5997/mcp",
        ["ConnectionStrings:CleanProxy"] = "Data Source=:memory:",
        [key] = value,
    };

    /// <summary>Whether the host refuses while it is built or while it starts, it never serves a request.</summary>
    public static Task<OptionsValidationException> RefusesToStartAsync(IDictionary<string, string?> settings)
        => Assert.ThrowsAsync<OptionsValidationException>(async () =>
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
}
