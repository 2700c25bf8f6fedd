using CleanProxy.WebApi;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CleanProxy.IntegrationTests.Claims;

/// <summary>
/// A claim mapping that would overwrite a claim the proxy owns, or a provider parameter that would replace one of the
/// protocol's, stops start-up naming the key.
/// </summary>
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
    [InlineData("CleanProxy:Auth:Remote:ExtraAuthorizeParameters:state", "x", "CleanProxy:Auth:Remote:ExtraAuthorizeParameters:state would replace")]
    [InlineData("CleanProxy:Auth:Remote:ExtraAuthorizeParameters:scope", "openid admin", "CleanProxy:Auth:Remote:ExtraAuthorizeParameters:scope would replace")]
    [InlineData("CleanProxy:Auth:Remote:ExtraTokenParameters:grant_type", "password", "CleanProxy:Auth:Remote:ExtraTokenParameters:grant_type would replace")]
    [InlineData("CleanProxy:Auth:Remote:SubjectClaim", "ids[0]", "CleanProxy:Auth:Remote:SubjectClaim is not a claim path")]
    public async Task InvalidProviderParameter_StopsStartUp_WithAClearMessage(string key, string value, string message)
        => await AssertStartUpFailsAsync(new Dictionary<string, string?>(Valid) { [key] = value }, message);

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
        => await AssertStartUpFailsAsync(new Dictionary<string, string?>(Valid) { [$"CleanProxy:Auth:TokenClaims:{claim}:{property}"] = value }, message);

    private static async Task AssertStartUpFailsAsync(Dictionary<string, string?> settings, string message)
    {
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
