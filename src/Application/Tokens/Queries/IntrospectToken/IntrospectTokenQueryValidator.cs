using CleanProxy.Application.Common.Behaviours;
using CleanProxy.Application.Common.OAuth;
using FluentValidation;

namespace CleanProxy.Application.Tokens.Queries.IntrospectToken;

public sealed class IntrospectTokenQueryValidator : OAuthValidator<IntrospectTokenQuery>
{
    public IntrospectTokenQueryValidator()
    {
        RuleFor(q => q.Token)
            .NotEmpty().WithErrorCode(OAuthErrorCodes.InvalidRequest).WithMessage("token is required.");
    }
}
