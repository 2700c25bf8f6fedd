using CleanProxy.Application.Authorization.Commands.Authorize;
using CleanProxy.Application.Common.OAuth;

namespace CleanProxy.UnitTests.Application.Authorization.Commands.Authorize;

public sealed class AuthorizeCommandValidatorTests
{
    private static readonly AuthorizeCommand Valid = new(
        ClientId: "client-1",
        RedirectUri: "http://127.0.0.1:5000/cb",
        ResponseType: "code",
        Scope: "openid",
        State: "xyz",
        CodeChallenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        CodeChallengeMethod: "S256",
        Resource: "https://mcp.example.com/mcp");

    private readonly AuthorizeCommandValidator _validator = new();

    [Fact]
    public void CompleteRequest_IsAccepted()
    {
        ValidationAssert.Accepted(_validator.Validate(Valid));
    }

    [Fact]
    public void RequestWithoutRedirectUri_IsAccepted_ForTheHandlerToResolve()
    {
        ValidationAssert.Accepted(_validator.Validate(Valid with { RedirectUri = null }));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void MissingClientId_IsAnInvalidRequest(string? clientId)
    {
        var result = _validator.Validate(Valid with { ClientId = clientId });

        ValidationAssert.RejectedWith(result, OAuthErrorCodes.InvalidRequest, "client_id");
    }

    [Fact]
    public void OverLongClientId_IsAnInvalidRequest()
    {
        var result = _validator.Validate(Valid with { ClientId = new string('c', 201) });

        ValidationAssert.RejectedWith(result, OAuthErrorCodes.InvalidRequest, "client_id");
    }

    [Fact]
    public void OverLongRedirectUri_IsAnInvalidRequest()
    {
        var result = _validator.Validate(Valid with { RedirectUri = "https://app.example.com/" + new string('a', 2048) });

        ValidationAssert.RejectedWith(result, OAuthErrorCodes.InvalidRequest, "redirect_uri");
    }
}

public sealed class AuthorizationRequestParametersValidatorTests
{
    private const string Challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    private static readonly AuthorizationRequestParameters Valid = new(
        ResponseType: "code",
        CodeChallenge: Challenge,
        CodeChallengeMethod: "S256",
        State: "xyz",
        Scope: "openid profile",
        Resource: "https://mcp.example.com/mcp");

    private readonly AuthorizationRequestParametersValidator _validator = new();

    [Fact]
    public void CompleteRequest_IsAccepted()
    {
        ValidationAssert.Accepted(_validator.Validate(Valid));
    }

    [Fact]
    public void RequestWithoutOptionalParameters_IsAccepted()
    {
        ValidationAssert.Accepted(_validator.Validate(Valid with { State = null, Scope = null, Resource = null }));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void MissingResponseType_IsAnInvalidRequest(string? responseType)
    {
        var result = _validator.Validate(Valid with { ResponseType = responseType });

        ValidationAssert.RejectedWith(result, OAuthErrorCodes.InvalidRequest, "response_type");
    }

    [Theory]
    [InlineData("token")]
    [InlineData("id_token")]
    [InlineData("code id_token")]
    [InlineData("CODE")]
    public void ResponseTypeOtherThanCode_IsUnsupported(string responseType)
    {
        var result = _validator.Validate(Valid with { ResponseType = responseType });

        ValidationAssert.RejectedWith(result, OAuthErrorCodes.UnsupportedResponseType, "response_type");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void MissingCodeChallenge_IsAnInvalidRequest(string? challenge)
    {
        var result = _validator.Validate(Valid with { CodeChallenge = challenge });

        ValidationAssert.RejectedWith(result, OAuthErrorCodes.InvalidRequest, "code_challenge");
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("s256")]
    [InlineData("S512")]
    [InlineData("")]
    [InlineData(null)] // omitted means plain (RFC 7636 §4.3)
    public void CodeChallengeMethodOtherThanS256_IsAnInvalidRequest(string? method)
    {
        var result = _validator.Validate(Valid with { CodeChallengeMethod = method });

        ValidationAssert.RejectedWith(result, OAuthErrorCodes.InvalidRequest, "code_challenge_method");
    }

    [Theory]
    [InlineData("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-c")]
    [InlineData("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM=")]
    [InlineData("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw+cM")]
    [InlineData("too-short")]
    public void MalformedS256Challenge_IsAnInvalidRequest(string challenge)
    {
        var result = _validator.Validate(Valid with { CodeChallenge = challenge });

        ValidationAssert.RejectedWith(result, OAuthErrorCodes.InvalidRequest, "code_challenge");
    }

    [Fact]
    public void StateOfTheMaximumLength_IsAccepted()
    {
        var result = _validator.Validate(Valid with { State = new string('s', AuthorizationRequestParametersValidator.MaxStateLength) });

        ValidationAssert.Accepted(result);
    }

    [Fact]
    public void OverLongState_IsAnInvalidRequest()
    {
        var result = _validator.Validate(Valid with { State = new string('s', AuthorizationRequestParametersValidator.MaxStateLength + 1) });

        ValidationAssert.RejectedWith(result, OAuthErrorCodes.InvalidRequest, "state");
    }

    [Fact]
    public void OverLongScope_IsAnInvalidScope()
    {
        var result = _validator.Validate(Valid with { Scope = new string('s', 1001) });

        ValidationAssert.RejectedWith(result, OAuthErrorCodes.InvalidScope, "scope");
    }

    [Theory]
    [InlineData("https://mcp.example.com/mcp#frag")]
    [InlineData("https://mcp.example.com/mcp#")]
    [InlineData("not a uri")]
    [InlineData("")]
    public void ResourceWithAFragmentOrNotAbsolute_IsAnInvalidTarget(string resource)
    {
        var result = _validator.Validate(Valid with { Resource = resource });

        ValidationAssert.RejectedWith(result, OAuthErrorCodes.InvalidTarget, "resource");
    }
}
