using CleanProxy.Application.Common.Behaviours;
using CleanProxy.Application.Common.OAuth;
using CleanProxy.Domain.Authorization;
using CleanProxy.Domain.Clients;
using FluentValidation;

namespace CleanProxy.Application.Authorization.Commands.Authorize;

/// <summary>Checks what must hold before anything may be redirected: these failures are shown as an error page.</summary>
public sealed class AuthorizeCommandValidator : OAuthValidator<AuthorizeCommand>
{
    public AuthorizeCommandValidator()
    {
        RuleFor(c => c.ClientId)
            .NotEmpty().WithErrorCode(OAuthErrorCodes.InvalidRequest).WithMessage("client_id is required.")
            .MaximumLength(200).WithErrorCode(OAuthErrorCodes.InvalidRequest).WithMessage("client_id is too long.");

        RuleFor(c => c.RedirectUri)
            .MaximumLength(RedirectUriPolicy.MaxLength).WithErrorCode(OAuthErrorCodes.InvalidRequest)
            .WithMessage("redirect_uri is too long.");
    }
}

/// <summary>Checks the rest of the request; the handler redirects these failures to the client (RFC 6749 §4.1.2.1).</summary>
public sealed class AuthorizationRequestParametersValidator : OAuthValidator<AuthorizationRequestParameters>
{
    public const int MaxStateLength = 2000;

    public AuthorizationRequestParametersValidator()
    {
        RuleFor(p => p.ResponseType)
            .NotEmpty().WithErrorCode(OAuthErrorCodes.InvalidRequest).WithMessage("response_type is required.")
            .Equal(ResponseTypes.Code).WithErrorCode(OAuthErrorCodes.UnsupportedResponseType)
            .WithMessage("Only response_type=code is supported.");

        RuleFor(p => p.CodeChallenge)
            .NotEmpty().WithErrorCode(OAuthErrorCodes.InvalidRequest)
            .WithMessage("code_challenge is required: PKCE with S256 is mandatory.");

        RuleFor(p => p.CodeChallengeMethod)
            .Equal(Pkce.S256).WithErrorCode(OAuthErrorCodes.InvalidRequest)
            .WithMessage("code_challenge_method must be S256; plain (the default when it is omitted) is not allowed.")
            .When(p => !string.IsNullOrEmpty(p.CodeChallenge));

        RuleFor(p => p.CodeChallenge)
            .Must(Pkce.IsWellFormedS256Challenge).WithErrorCode(OAuthErrorCodes.InvalidRequest)
            .WithMessage("code_challenge must be the 43-character BASE64URL(SHA256(code_verifier)).")
            .When(p => !string.IsNullOrEmpty(p.CodeChallenge) && p.CodeChallengeMethod == Pkce.S256);

        RuleFor(p => p.State)
            .MaximumLength(MaxStateLength).WithErrorCode(OAuthErrorCodes.InvalidRequest)
            .WithMessage($"state must be at most {MaxStateLength} characters.");

        RuleFor(p => p.Scope)
            .MaximumLength(1000).WithErrorCode(OAuthErrorCodes.InvalidScope).WithMessage("scope is too long.");

        RuleFor(p => p.Resource)
            .Must(r => ResourceIndicator.Canonicalize(r!) is not null).When(p => p.Resource is not null)
            .WithErrorCode(OAuthErrorCodes.InvalidTarget)
            .WithMessage("resource must be an absolute URI without a fragment (RFC 8707).");
    }
}
