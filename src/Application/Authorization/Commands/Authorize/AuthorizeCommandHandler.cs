using CleanProxy.Application.Common.Interfaces;
using CleanProxy.Application.Common.OAuth;
using CleanProxy.Application.Common.Options;
using CleanProxy.Application.Common.Security;
using CleanProxy.Domain.Authorization;
using CleanProxy.Domain.Common;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CleanProxy.Application.Authorization.Commands.Authorize;

public sealed class AuthorizeCommandHandler(
    IApplicationDbContext db,
    ClientDirectory clients,
    IUpstreamIdentityProvider upstream,
    IValidator<AuthorizationRequestParameters> parametersValidator,
    IOptions<CleanProxyOptions> options,
    TimeProvider time) : ICommandHandler<AuthorizeCommand, OAuthResult<BrowserRedirect>>
{
    private readonly CleanProxyOptions _options = options.Value;

    public async ValueTask<OAuthResult<BrowserRedirect>> Handle(AuthorizeCommand command, CancellationToken cancellationToken)
    {
        // Until client and redirect URI are trusted, errors go to an error page: redirecting would make the proxy an
        // open redirector (RFC 6749 §4.1.2.1).
        var found = await clients.FindAsync(command.ClientId!, cancellationToken);
        if (!found.Succeeded)
        {
            return found.Error;
        }

        var client = found.Value;

        var redirectUri = client.ResolveRedirectUri(command.RedirectUri);
        if (redirectUri is null)
        {
            return OAuthError.InvalidRequest(string.IsNullOrEmpty(command.RedirectUri)
                ? "redirect_uri is required because the client registered several."
                : "redirect_uri is not registered for this client.");
        }

        var parameters = new AuthorizationRequestParameters(
            command.ResponseType, command.CodeChallenge, command.CodeChallengeMethod, command.State, command.Scope, command.Resource);
        var validation = await parametersValidator.ValidateAsync(parameters, cancellationToken);
        if (!validation.IsValid)
        {
            var failure = validation.Errors[0];
            return ErrorRedirect(new OAuthError(failure.ErrorCode, failure.ErrorMessage));
        }

        if (!client.AllowsGrant(GrantTypes.AuthorizationCode))
        {
            return ErrorRedirect(OAuthError.UnauthorizedClient("This client is not registered for the authorization_code grant."));
        }

        if (command.Resource is not null && !ResourceIndicator.Matches(_options.Resource, command.Resource))
        {
            return ErrorRedirect(OAuthError.InvalidTarget($"Unknown resource. This server protects {_options.Resource}."));
        }

        var requestedScopes = Scopes.Parse(command.Scope);
        if (_options.Auth.RejectUnknownScopes
            && requestedScopes.Where(s => !_options.Auth.EffectiveScopesSupported.Contains(s)).ToList() is { Count: > 0 } unknown)
        {
            return ErrorRedirect(OAuthError.InvalidScope(
                $"Unknown scope '{string.Join(' ', unknown)}'. Supported: " + Scopes.Join(_options.Auth.EffectiveScopesSupported) + "."));
        }

        var grantedScopes = Scopes.Narrow(requestedScopes, _options.Auth.EffectiveScopesSupported);
        if (grantedScopes.Count == 0)
        {
            return ErrorRedirect(OAuthError.InvalidScope(
                "None of the requested scopes is supported. Supported: " + Scopes.Join(_options.Auth.EffectiveScopesSupported) + "."));
        }

        // The proxy's own state, nonce and PKCE pair for the upstream leg: the client's values never leave the proxy.
        var upstreamState = OpaqueToken.Create();
        var upstreamNonce = OpaqueToken.Create();
        var upstreamVerifier = Pkce.CreateVerifier();
        var upstreamRedirect = await upstream.CreateAuthorizationRedirectAsync(
            new UpstreamAuthorizationRequest(upstreamState, upstreamNonce, Pkce.ComputeS256Challenge(upstreamVerifier), grantedScopes),
            cancellationToken);
        if (!upstreamRedirect.Succeeded)
        {
            return ErrorRedirect(upstreamRedirect.Error);
        }

        db.PendingAuthorizations.Add(PendingAuthorization.Create(
            upstreamState,
            client.ClientId,
            redirectUri,
            redirectUriWasRequested: !string.IsNullOrEmpty(command.RedirectUri),
            command.CodeChallenge!,
            Scopes.Join(grantedScopes),
            _options.Resource, // a requested resource was checked to be this one
            command.State,
            upstreamNonce,
            upstreamVerifier,
            time.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);

        return upstreamRedirect.Value;

        BrowserRedirect ErrorRedirect(OAuthError error)
            => AuthorizationResponse.Error(redirectUri, error, command.State, _options.Issuer);
    }
}
