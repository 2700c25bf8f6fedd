using CleanProxy.Application.Common.OAuth;
using CleanProxy.Application.Common.Security;
using CleanProxy.Application.Tokens.Commands.RevokeToken;

namespace CleanProxy.UnitTests.Application.Tokens.Commands.RevokeToken;

public sealed class RevokeTokenCommandValidatorTests
{
    private static readonly ClientCredentials Client = new("client-1", null, ClientCredentialSource.None);

    private readonly RevokeTokenCommandValidator _validator = new();

    [Fact]
    public void RequestWithAToken_IsAccepted()
    {
        ValidationAssert.Accepted(_validator.Validate(new RevokeTokenCommand(Client, "frt_token", TokenTypeHint: null)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void MissingToken_IsAnInvalidRequest(string? token)
    {
        var result = _validator.Validate(new RevokeTokenCommand(Client, token, "refresh_token"));

        ValidationAssert.RejectedWith(result, OAuthErrorCodes.InvalidRequest, "token");
    }
}
