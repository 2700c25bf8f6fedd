using CleanProxy.Application.Common.OAuth;
using CleanProxy.Application.Common.Security;
using CleanProxy.Application.Tokens.Commands.RefreshAccessToken;

namespace CleanProxy.UnitTests.Application.Tokens.Commands.RefreshAccessToken;

public sealed class RefreshAccessTokenCommandValidatorTests
{
    private static readonly RefreshAccessTokenCommand Valid = new(
        new ClientCredentials("client-1", null, ClientCredentialSource.None),
        RefreshToken: "frt_token",
        Scope: "openid",
        Resource: "https://mcp.example.com/mcp");

    private readonly RefreshAccessTokenCommandValidator _validator = new();

    [Fact]
    public void CompleteRequest_IsAccepted()
    {
        ValidationAssert.Accepted(_validator.Validate(Valid));
    }

    [Fact]
    public void RequestWithoutScopeOrResource_IsAccepted()
    {
        ValidationAssert.Accepted(_validator.Validate(Valid with { Scope = null, Resource = null }));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void MissingRefreshToken_IsAnInvalidRequest(string? token)
    {
        var result = _validator.Validate(Valid with { RefreshToken = token });

        ValidationAssert.RejectedWith(result, OAuthErrorCodes.InvalidRequest, "refresh_token");
    }

    [Fact]
    public void OverLongRefreshToken_IsAnInvalidGrant_ReportedLikeAnUnknownToken()
    {
        var result = _validator.Validate(Valid with { RefreshToken = new string('r', 513) });

        // Same description as the handler's unknown-token answer.
        ValidationAssert.RejectedWith(result, OAuthErrorCodes.InvalidGrant, "The refresh token is invalid.");
    }

    [Fact]
    public void OverLongScope_IsAnInvalidScope()
    {
        var result = _validator.Validate(Valid with { Scope = new string('s', 1001) });

        ValidationAssert.RejectedWith(result, OAuthErrorCodes.InvalidScope, "scope");
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
