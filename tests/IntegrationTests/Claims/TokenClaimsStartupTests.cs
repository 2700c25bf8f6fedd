using CleanProxy.IntegrationTests.Support;

namespace CleanProxy.IntegrationTests.Claims;

/// <summary>
/// A claim mapping that would overwrite a claim the proxy owns, or a provider parameter that would replace one of the
/// protocol's, stops start-up naming the key.
/// </summary>
public sealed class TokenClaimsStartupTests
{
    [Theory]
    [InlineData("CleanProxy:Auth:Remote:ExtraAuthorizeParameters:state", "x", "CleanProxy:Auth:Remote:ExtraAuthorizeParameters:state would replace")]
    [InlineData("CleanProxy:Auth:Remote:ExtraAuthorizeParameters:scope", "openid admin", "CleanProxy:Auth:Remote:ExtraAuthorizeParameters:scope would replace")]
    [InlineData("CleanProxy:Auth:Remote:ExtraTokenParameters:grant_type", "password", "CleanProxy:Auth:Remote:ExtraTokenParameters:grant_type would replace")]
    [InlineData("CleanProxy:Auth:Remote:SubjectClaim", "ids[0]", "CleanProxy:Auth:Remote:SubjectClaim is not a claim path")]
    public async Task InvalidProviderParameter_StopsStartUp_WithAClearMessage(string key, string value, string message)
        => await AssertStartUpFailsAsync(StartupProbe.ValidWith(key, value), message);

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
        => await AssertStartUpFailsAsync(StartupProbe.ValidWith($"CleanProxy:Auth:TokenClaims:{claim}:{property}", value), message);

    private static async Task AssertStartUpFailsAsync(Dictionary<string, string?> settings, string message)
    {
        var exception = await StartupProbe.RefusesToStartAsync(settings);

        Assert.Contains(exception.Failures, failure => failure.StartsWith(message, StringComparison.Ordinal));
    }
}
