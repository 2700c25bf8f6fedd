using CleanProxy.WebApi;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CleanProxy.IntegrationTests.Claims;

/// <summary>A claim mapping that would overwrite a claim the proxy owns, or cannot work, stops start-up naming it.</summary>
public sealed class TokenClaimsStartupTests
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
    [InlineData("sub", "From", "email", "CleanProxy:Auth:TokenClaims:sub maps the reserved claim 'sub'")]
    [InlineData("iss", "Value", "https://evil.example", "CleanProxy:Auth:TokenClaims:iss maps the reserved claim 'iss'")]
    [InlineData("aud", "From", "aud", "CleanProxy:Auth:TokenClaims:aud maps the reserved claim 'aud'")]
    [InlineData("exp", "Value", "9999999999", "CleanProxy:Auth:TokenClaims:exp maps the reserved claim 'exp'")]
    [InlineData("scope", "From", "groups[].name", "CleanProxy:Auth:TokenClaims:scope maps the reserved claim 'scope'")]
    [InlineData("client_id", "Value", "x", "CleanProxy:Auth:TokenClaims:client_id maps the reserved claim 'client_id'")]
    [InlineData("sid", "From", "sid", "CleanProxy:Auth:TokenClaims:sid maps the reserved claim 'sid'")]
    [InlineData("jti", "From", "jti", "CleanProxy:Auth:TokenClaims:jti maps the reserved claim 'jti'")]
    [InlineData("roles", "From", "groups[0].name", "CleanProxy:Auth:TokenClaims:roles:From is not a claim path")]
    [InlineData("roles", "Default", "none", "CleanProxy:Auth:TokenClaims:roles must set exactly one of From")]
    public async Task InvalidClaimMapping_StopsStartUp_WithAClearMessage(string claim, string property, string value, string message)
    {
        var settings = new Dictionary<string, string?>(Valid) { [$"CleanProxy:Auth:TokenClaims:{claim}:{property}"] = value };

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

        Assert.Contains(exception.Failures, failure => failure.StartsWith(message, StringComparison.Ordinal));
    }
}
