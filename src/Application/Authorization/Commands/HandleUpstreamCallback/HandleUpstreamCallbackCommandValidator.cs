using CleanProxy.Application.Common.Behaviours;
using CleanProxy.Application.Common.OAuth;
using FluentValidation;

namespace CleanProxy.Application.Authorization.Commands.HandleUpstreamCallback;

public sealed class HandleUpstreamCallbackCommandValidator : OAuthValidator<HandleUpstreamCallbackCommand>
{
    public HandleUpstreamCallbackCommandValidator()
    {
        RuleFor(c => c.State)
            .NotEmpty().WithErrorCode(OAuthErrorCodes.InvalidRequest)
            .WithMessage("The identity provider's response has no state; start the sign-in again from your application.")
            .MaximumLength(512).WithErrorCode(OAuthErrorCodes.InvalidRequest).WithMessage("state is too long.");

        RuleFor(c => c.Code).MaximumLength(4096).WithErrorCode(OAuthErrorCodes.InvalidRequest).WithMessage("code is too long.");
        RuleFor(c => c.Error).MaximumLength(200).WithErrorCode(OAuthErrorCodes.InvalidRequest).WithMessage("error is too long.");
    }
}
