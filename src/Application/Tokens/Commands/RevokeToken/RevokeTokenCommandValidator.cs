using CleanProxy.Application.Common.Behaviours;
using CleanProxy.Application.Common.OAuth;
using FluentValidation;

namespace CleanProxy.Application.Tokens.Commands.RevokeToken;

public sealed class RevokeTokenCommandValidator : OAuthValidator<RevokeTokenCommand>
{
    public RevokeTokenCommandValidator()
    {
        RuleFor(c => c.Token)
            .NotEmpty().WithErrorCode(OAuthErrorCodes.InvalidRequest).WithMessage("token is required.");
    }
}
