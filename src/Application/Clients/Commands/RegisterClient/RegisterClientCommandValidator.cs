using CleanProxy.Application.Common.Behaviours;
using CleanProxy.Application.Common.OAuth;
using CleanProxy.Domain.Clients;
using FluentValidation;

namespace CleanProxy.Application.Clients.Commands.RegisterClient;

public sealed class RegisterClientCommandValidator : OAuthValidator<RegisterClientCommand>
{
    public const int MaxRedirectUris = 20;
    public const int MaxClientNameLength = 200;
    public const int MaxScopeLength = 1000;
    public const int MaxListEntries = 10;

    public RegisterClientCommandValidator()
    {
        RuleFor(c => c.RedirectUris)
            .NotEmpty().WithErrorCode(OAuthErrorCodes.InvalidRedirectUri)
            .WithMessage("redirect_uris is required and must list at least one URI.")
            .Must(uris => uris!.Count <= MaxRedirectUris).WithErrorCode(OAuthErrorCodes.InvalidRedirectUri)
            .WithMessage($"At most {MaxRedirectUris} redirect_uris may be registered.");

        RuleForEach(c => c.RedirectUris)
            .Must(uri => RedirectUriPolicy.Check(uri) is null)
            .WithErrorCode(OAuthErrorCodes.InvalidRedirectUri)
            .WithMessage((_, uri) => "Invalid redirect URI: " + RedirectUriPolicy.Check(uri));

        RuleFor(c => c.TokenEndpointAuthMethod)
            .Must(ClientAuthenticationMethod.IsSupported).When(c => c.TokenEndpointAuthMethod is not null)
            .WithErrorCode(OAuthErrorCodes.InvalidClientMetadata)
            .WithMessage("token_endpoint_auth_method must be one of: " + string.Join(", ", ClientAuthenticationMethod.Supported) + ".");

        RuleFor(c => c.GrantTypes)
            .Must(g => g!.Count <= MaxListEntries).When(c => c.GrantTypes is not null)
            .WithErrorCode(OAuthErrorCodes.InvalidClientMetadata).WithMessage("grant_types has too many entries.");

        RuleFor(c => c.ResponseTypes)
            .Must(r => r!.Count <= MaxListEntries && r.Contains(ResponseTypes.Code)).When(c => c.ResponseTypes is { Count: > 0 })
            .WithErrorCode(OAuthErrorCodes.InvalidClientMetadata).WithMessage("response_types must include \"code\", the only response type supported.");

        RuleFor(c => c.ClientName)
            .MaximumLength(MaxClientNameLength).WithErrorCode(OAuthErrorCodes.InvalidClientMetadata)
            .WithMessage($"client_name must be at most {MaxClientNameLength} characters.");

        RuleFor(c => c.Scope)
            .MaximumLength(MaxScopeLength).WithErrorCode(OAuthErrorCodes.InvalidClientMetadata)
            .WithMessage($"scope must be at most {MaxScopeLength} characters.");
    }
}
