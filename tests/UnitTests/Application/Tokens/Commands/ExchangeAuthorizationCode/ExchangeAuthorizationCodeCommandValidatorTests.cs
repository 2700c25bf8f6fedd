using CleanProxy.Application.Common.OAuth;
using CleanProxy.Application.Common.Security;
using CleanProxy.Application.Tokens.Commands.ExchangeAuthorizationCode;

namespace CleanProxy.UnitTests.Application.Tokens.Commands.ExchangeAuthorizationCode;

public sealed class ExchangeAuthorizationCodeCommandValidatorTests
{
    private static readonly ExchangeAuthorizationCodeCommand Valid = new(
        new ClientCredentials("client-1", null, ClientCredentialSource.None),
        Code: "fac_code",
        RedirectUri: "http://127.0.0.1:5000/cb",
        CodeVerifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
        Resource: "https://mcp.example.com/mcp");

    private readonly ExchangeAuthorizationCodeCommandValidator _validator = new();

    [Fact]
    public void CompleteRequest_IsAccepted()
    {
        ValidationAssert.Accepted(_validator.Validate(Valid));
    }

    [Fact]
    public void RequestWithoutRedirectUriOrResource_IsAccepted()
    {
        ValidationAssert.Accepted(_validator.Validate(Valid with { RedirectUri = null, Resource = null }));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void MissingCode_IsAnInvalidRequest(string? code)
    {
        var result = _validator.Validate(Valid with { Code = code });

        ValidationAssert.RejectedWith(result, OAuthErrorCodes.InvalidRequest, "code is required");
    }

    [Fact]
    public void OverLongCode_IsAnInvalidGrant_ReportedLikeAnUnknownCode()
    {
        var result = _validator.Validate(Valid with { Code = new string('c', 513) });

        // Same description as the handler's unknown-code answer: the length reveals nothing more.
        ValidationAssert.RejectedWith(result, OAuthErrorCodes.InvalidGrant, "The authorization code is invalid.");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void MissingCodeVerifier_IsAnInvalidRequest(string? verifier)
    {
        var result = _validator.Validate(Valid with { CodeVerifier = verifier });

        ValidationAssert.RejectedWith(result, OAuthErrorCodes.InvalidRequest, "code_verifier");
    }

    [Theory]
    [InlineData(42)]
    [InlineData(129)]
    public void CodeVerifierOfWrongLength_IsAnInvalidRequest(int length)
    {
        var result = _validator.Validate(Valid with { CodeVerifier = new string('v', length) });

        ValidationAssert.RejectedWith(result, OAuthErrorCodes.InvalidRequest, "code_verifier");
    }

    [Theory]
    [InlineData('+')]
    [InlineData('/')]
    [InlineData('=')]
    [InlineData(' ')]
    public void CodeVerifierWithForbiddenCharacter_IsAnInvalidRequest(char character)
    {
        var result = _validator.Validate(Valid with { CodeVerifier = new string('v', 50) + character });

        ValidationAssert.RejectedWith(result, OAuthErrorCodes.InvalidRequest, "code_verifier");
    }

    [Theory]
    [InlineData(43)]
    [InlineData(128)]
    public void CodeVerifierAtTheLengthLimits_IsAccepted(int length)
    {
        ValidationAssert.Accepted(_validator.Validate(Valid with { CodeVerifier = new string('v', length) }));
    }

    [Fact]
    public void OverLongRedirectUri_IsAnInvalidGrant()
    {
        var result = _validator.Validate(Valid with { RedirectUri = "https://app.example.com/" + new string('a', 2048) });

        ValidationAssert.RejectedWith(result, OAuthErrorCodes.InvalidGrant, "redirect_uri");
    }

    [Theory]
    [InlineData("https://mcp.example.com/mcp#frag")]
    [InlineData("not a uri")]
    public void ResourceWithAFragmentOrNotAbsolute_IsAnInvalidTarget(string resource)
    {
        var result = _validator.Validate(Valid with { Resource = resource });

        ValidationAssert.RejectedWith(result, OAuthErrorCodes.InvalidTarget, "resource");
    }
}
