using CleanProxy.Application.Common.OAuth;
using FluentValidation;
using Mediator;

namespace CleanProxy.Application.Common.Behaviours;

/// <summary>
/// Runs the request's validators before its handler and answers the first failure as an <see cref="OAuthError"/>.
/// Validators put the OAuth error code in <c>WithErrorCode</c>; anything else counts as <c>invalid_request</c>.
/// </summary>
public sealed class ValidationBehaviour<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
    where TResponse : IOAuthResult<TResponse>
{
    public async ValueTask<TResponse> Handle(
        TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(message, cancellationToken);
            if (!result.IsValid)
            {
                var failure = result.Errors[0];
                var code = failure.ErrorCode is { } errorCode && errorCode.Contains('_', StringComparison.Ordinal)
                    ? errorCode
                    : OAuthErrorCodes.InvalidRequest;
                return TResponse.FromError(new OAuthError(code, failure.ErrorMessage));
            }
        }

        return await next(message, cancellationToken);
    }
}
