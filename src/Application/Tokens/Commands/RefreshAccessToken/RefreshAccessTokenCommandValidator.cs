using CleanProxy.Application.Common.Behaviours;
using CleanProxy.Application.Common.OAuth;
using FluentValidation;

namespace CleanProxy.Application.Tokens.Commands.RefreshAccessToken;

public sealed class RefreshAccessTokenCommandValidator : OAuthValidator<RefreshAccessTokenCommand>
{
    public RefreshAccessTokenCommandValidator()
    {
        RuleFor(c => c.RefreshToken)
            .NotEmpty().WithErrorCode(OAuthErrorCodes.InvalidRequest).WithMessage("refresh_token is required.")
            .MaximumLength(512).WithErrorCode(OAuthErrorCodes.InvalidGrant).WithMessage("The refresh token is invalid.");

        RuleFor(c => c.Scope)
            .MaximumLength(1000).WithErrorCode(OAuthErrorCodes.InvalidScope).WithMessage("scope is too long.");

        RuleFor(c => c.Resource)
            .Must(r => ResourceIndicator.Canonicalize(r!) is not null).When(c => c.Resource is not null)
            .WithErrorCode(OAuthErrorCodes.InvalidTarget).WithMessage("resource must be an absolute URI without a fragment (RFC 8707).");
    }
}
