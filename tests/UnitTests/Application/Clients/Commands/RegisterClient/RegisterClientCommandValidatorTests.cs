using CleanProxy.Application.Clients.Commands.RegisterClient;
using CleanProxy.Application.Common.OAuth;

namespace CleanProxy.UnitTests.Application.Clients.Commands.RegisterClient;

public sealed class RegisterClientCommandValidatorTests
{
    private static readonly RegisterClientCommand Valid = new(
        RedirectUris: ["http://127.0.0.1/callback", "cursor://anysphere.cursor-retrieval/oauth/callback"],
        TokenEndpointAuthMethod: "none",
        GrantTypes: ["authorization_code", "refresh_token"],
        ResponseTypes: ["code"],
        ClientName: "Cursor",
        Scope: "openid profile");

    private readonly RegisterClientCommandValidator _validator = new();

    [Fact]
    public void CompleteRegistration_IsAccepted()
    {
        ValidationAssert.Accepted(_validator.Validate(Valid));
    }

    [Fact]
    public void RegistrationWithOnlyRedirectUris_IsAccepted()
    {
        var result = _validator.Validate(new RegisterClientCommand(["https://app.example.com/cb"], null, null, null, null, null));

        ValidationAssert.Accepted(result);
    }

    [Fact]
    public void RegistrationWithoutRedirectUris_IsAnInvalidRedirectUri()
    {
        // Regression guard: with FluentValidation's default cascade, the Must rule after NotEmpty ran on the null list
        // and dereferenced it (uris!.Count): NullReferenceException, i.e. 500 server_error for a POST of "{}".
        // Validators must stop a rule at its first failure (OAuthValidator sets RuleLevelCascadeMode.Stop).
        var result = _validator.Validate(Valid with { RedirectUris = null });

        ValidationAssert.RejectedWith(result, OAuthErrorCodes.InvalidRedirectUri, "redirect_uris");
    }

    [Fact]
    public void RegistrationWithAnEmptyRedirectUriList_IsAnInvalidRedirectUri()
    {
        var result = _validator.Validate(Valid with { RedirectUris = [] });

        ValidationAssert.RejectedWith(result, OAuthErrorCodes.InvalidRedirectUri, "redirect_uris");
    }

    [Fact]
    public void RegistrationOfTheMaximumNumberOfRedirectUris_IsAccepted()
    {
        var uris = Enumerable.Range(1, RegisterClientCommandValidator.MaxRedirectUris).Select(i => $"https://app.example.com/cb{i}").ToList();

        ValidationAssert.Accepted(_validator.Validate(Valid with { RedirectUris = uris }));
    }

    [Fact]
    public void RegistrationOfTooManyRedirectUris_IsAnInvalidRedirectUri()
    {
        var uris = Enumerable.Range(1, RegisterClientCommandValidator.MaxRedirectUris + 1).Select(i => $"https://app.example.com/cb{i}").ToList();

        var result = _validator.Validate(Valid with { RedirectUris = uris });

        ValidationAssert.RejectedWith(result, OAuthErrorCodes.InvalidRedirectUri, "redirect_uris");
    }

    [Theory]
    [InlineData("javascript:alert(1)", "'javascript' scheme")]
    [InlineData("data:text/html,hi", "'data' scheme")]
    [InlineData("https://app.example.com/cb#frag", "fragment")]
    [InlineData("https://user:pass@app.example.com/cb", "credentials")]
    [InlineData("http://app.example.com/cb", "loopback")]
    [InlineData("", "empty")]
    public void RegistrationWithOneUnacceptableRedirectUri_IsAnInvalidRedirectUri_SayingWhy(string badUri, string reason)
    {
        var result = _validator.Validate(Valid with { RedirectUris = ["https://app.example.com/cb", badUri] });

        ValidationAssert.RejectedWith(result, OAuthErrorCodes.InvalidRedirectUri, "redirect URI");
        Assert.Contains(reason, result.Errors[0].ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("client_secret_basic")]
    [InlineData("client_secret_post")]
    public void SupportedAuthenticationMethod_IsAccepted(string method)
    {
        ValidationAssert.Accepted(_validator.Validate(Valid with { TokenEndpointAuthMethod = method }));
    }

    [Theory]
    [InlineData("private_key_jwt")]
    [InlineData("client_secret_jwt")]
    [InlineData("tls_client_auth")]
    [InlineData("NONE")]
    [InlineData("")]
    public void UnsupportedAuthenticationMethod_IsInvalidClientMetadata(string method)
    {
        var result = _validator.Validate(Valid with { TokenEndpointAuthMethod = method });

        ValidationAssert.RejectedWith(result, OAuthErrorCodes.InvalidClientMetadata, "token_endpoint_auth_method");
    }

    [Fact]
    public void TooManyGrantTypes_IsInvalidClientMetadata()
    {
        var grantTypes = Enumerable.Range(1, RegisterClientCommandValidator.MaxListEntries + 1).Select(i => $"grant-{i}").ToList();

        var result = _validator.Validate(Valid with { GrantTypes = grantTypes });

        ValidationAssert.RejectedWith(result, OAuthErrorCodes.InvalidClientMetadata, "grant_types");
    }

    [Fact]
    public void ResponseTypesWithoutCode_IsInvalidClientMetadata()
    {
        var result = _validator.Validate(Valid with { ResponseTypes = ["token"] });

        ValidationAssert.RejectedWith(result, OAuthErrorCodes.InvalidClientMetadata, "response_types");
    }

    [Fact]
    public void TooManyResponseTypes_IsInvalidClientMetadata()
    {
        var responseTypes = Enumerable.Repeat("code", RegisterClientCommandValidator.MaxListEntries + 1).ToList();

        var result = _validator.Validate(Valid with { ResponseTypes = responseTypes });

        ValidationAssert.RejectedWith(result, OAuthErrorCodes.InvalidClientMetadata, "response_types");
    }

    [Fact]
    public void EmptyResponseTypes_IsAccepted_AsTheDefaultCode()
    {
        ValidationAssert.Accepted(_validator.Validate(Valid with { ResponseTypes = [] }));
    }

    [Fact]
    public void OverLongClientName_IsInvalidClientMetadata()
    {
        var result = _validator.Validate(Valid with { ClientName = new string('n', RegisterClientCommandValidator.MaxClientNameLength + 1) });

        ValidationAssert.RejectedWith(result, OAuthErrorCodes.InvalidClientMetadata, "client_name");
    }

    [Fact]
    public void OverLongScope_IsInvalidClientMetadata()
    {
        var result = _validator.Validate(Valid with { Scope = new string('s', RegisterClientCommandValidator.MaxScopeLength + 1) });

        ValidationAssert.RejectedWith(result, OAuthErrorCodes.InvalidClientMetadata, "scope");
    }
}
