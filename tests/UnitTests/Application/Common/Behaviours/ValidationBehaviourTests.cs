using CleanProxy.Application.Common.Behaviours;
using CleanProxy.Application.Common.OAuth;
using CleanProxy.Application.Common.Security;
using CleanProxy.Application.Tokens.Commands.RevokeToken;
using FluentValidation;

namespace CleanProxy.UnitTests.Application.Common.Behaviours;

public sealed class ValidationBehaviourTests
{
    private static readonly ClientCredentials Client = new("client-1", null, ClientCredentialSource.None);

    [Fact]
    public async Task InvalidRequest_IsAnsweredWithTheValidatorsOAuthError_AndNeverReachesTheHandler()
    {
        var behaviour = new ValidationBehaviour<RevokeTokenCommand, OAuthResult<TokenRevoked>>([new RevokeTokenCommandValidator()]);
        var handlerCalled = false;

        var result = await behaviour.Handle(
            new RevokeTokenCommand(Client, Token: null, null),
            (_, _) =>
            {
                handlerCalled = true;
                return ValueTask.FromResult<OAuthResult<TokenRevoked>>(new TokenRevoked());
            },
            TestContext.Current.CancellationToken);

        Assert.False(handlerCalled);
        Assert.False(result.Succeeded);
        Assert.Equal(OAuthErrorCodes.InvalidRequest, result.Error.Code);
        Assert.Equal("token is required.", result.Error.Description);
    }

    [Fact]
    public async Task ValidRequest_ReachesTheHandler()
    {
        var behaviour = new ValidationBehaviour<RevokeTokenCommand, OAuthResult<TokenRevoked>>([new RevokeTokenCommandValidator()]);
        var handlerCalled = false;

        var result = await behaviour.Handle(
            new RevokeTokenCommand(Client, "frt_token", null),
            (_, _) =>
            {
                handlerCalled = true;
                return ValueTask.FromResult<OAuthResult<TokenRevoked>>(new TokenRevoked());
            },
            TestContext.Current.CancellationToken);

        Assert.True(handlerCalled);
        Assert.True(result.Succeeded);
    }

    [Fact]
    public async Task FailureWithoutAnOAuthErrorCode_IsAnsweredAsInvalidRequest()
    {
        // A rule without WithErrorCode carries FluentValidation's own code ("NotEmptyValidator"), which is no OAuth code.
        var behaviour = new ValidationBehaviour<RevokeTokenCommand, OAuthResult<TokenRevoked>>([new UncodedValidator()]);

        var result = await behaviour.Handle(
            new RevokeTokenCommand(Client, Token: null, null),
            (_, _) => ValueTask.FromResult<OAuthResult<TokenRevoked>>(new TokenRevoked()),
            TestContext.Current.CancellationToken);

        Assert.False(result.Succeeded);
        Assert.Equal(OAuthErrorCodes.InvalidRequest, result.Error.Code);
    }

    private sealed class UncodedValidator : AbstractValidator<RevokeTokenCommand>
    {
        public UncodedValidator() => RuleFor(c => c.Token).NotEmpty();
    }
}
