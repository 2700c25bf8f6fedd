using CleanProxy.Application.Authorization.Commands.HandleUpstreamCallback;
using CleanProxy.Application.Common.OAuth;

namespace CleanProxy.UnitTests.Application.Authorization.Commands.HandleUpstreamCallback;

public sealed class HandleUpstreamCallbackCommandValidatorTests
{
    private readonly HandleUpstreamCallbackCommandValidator _validator = new();

    [Fact]
    public void CallbackWithStateAndCode_IsAccepted()
    {
        ValidationAssert.Accepted(_validator.Validate(new HandleUpstreamCallbackCommand("state", "code", null, null)));
    }

    [Fact]
    public void CallbackWithStateAndError_IsAccepted()
    {
        ValidationAssert.Accepted(_validator.Validate(new HandleUpstreamCallbackCommand("state", null, "access_denied", "The user said no.")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void CallbackWithoutState_IsAnInvalidRequest(string? state)
    {
        var result = _validator.Validate(new HandleUpstreamCallbackCommand(state, "code", null, null));

        ValidationAssert.RejectedWith(result, OAuthErrorCodes.InvalidRequest, "state");
    }

    [Fact]
    public void OverLongState_IsAnInvalidRequest()
    {
        var result = _validator.Validate(new HandleUpstreamCallbackCommand(new string('s', 513), "code", null, null));

        ValidationAssert.RejectedWith(result, OAuthErrorCodes.InvalidRequest, "state");
    }

    [Fact]
    public void OverLongCode_IsAnInvalidRequest()
    {
        var result = _validator.Validate(new HandleUpstreamCallbackCommand("state", new string('c', 4097), null, null));

        ValidationAssert.RejectedWith(result, OAuthErrorCodes.InvalidRequest, "code");
    }

    [Fact]
    public void OverLongError_IsAnInvalidRequest()
    {
        var result = _validator.Validate(new HandleUpstreamCallbackCommand("state", null, new string('e', 201), null));

        ValidationAssert.RejectedWith(result, OAuthErrorCodes.InvalidRequest, "error");
    }
}
