using CleanProxy.Application.Common.Behaviours;
using CleanProxy.Application.Common.OAuth;
using CleanProxy.Domain.Authorization;
using FluentValidation;

namespace CleanProxy.Application.Tokens.Commands.ExchangeAuthorizationCode;

public sealed class ExchangeAuthorizationCodeCommandValidator : OAuthValidator<ExchangeAuthorizationCodeCommand>
{
    public ExchangeAuthorizationCodeCommandValidator()
    {
        RuleFor(c => c.Code)
            .NotEmpty().WithErrorCode(OAuthErrorCodes.InvalidRequest).WithMessage("code is required.")
            .MaximumLength(512).WithErrorCode(OAuthErrorCodes.InvalidGrant).WithMessage("The authorization code is invalid.");

        RuleFor(c => c.CodeVerifier)
            .NotEmpty().WithErrorCode(OAuthErrorCodes.InvalidRequest).WithMessage("code_verifier is required: PKCE is mandatory.")
            .Must(Pkce.IsValidVerifier).WithErrorCode(OAuthErrorCodes.InvalidRequest)
            .WithMessage("code_verifier must be 43 to 128 characters of A-Z, a-z, 0-9, '-', '.', '_', '~' (RFC 7636 §4.1).");

        RuleFor(c => c.RedirectUri)
            .MaximumLength(2048).WithErrorCode(OAuthErrorCodes.InvalidGrant).WithMessage("redirect_uri does not match the authorization request.");

        RuleFor(c => c.Resource)
            .Must(r => ResourceIndicator.Canonicalize(r!) is not null).When(c => c.Resource is not null)
            .WithErrorCode(OAuthErrorCodes.InvalidTarget).WithMessage("resource must be an absolute URI without a fragment (RFC 8707).");
    }
}
