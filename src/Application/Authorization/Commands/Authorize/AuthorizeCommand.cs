using CleanProxy.Application.Common.Behaviours;
using CleanProxy.Application.Common.OAuth;
using Mediator;

namespace CleanProxy.Application.Authorization.Commands.Authorize;

/// <summary>
/// An authorization request (RFC 6749 §4.1.1 with PKCE and RFC 8707 <c>resource</c>). Succeeds with the redirect to
/// send the user agent to (upstream sign-in, or an error redirect to the client); fails — with an error page, never a
/// redirect — only when the client or its redirect URI cannot be trusted.
/// </summary>
public sealed record AuthorizeCommand(
    string? ClientId,
    string? RedirectUri,
    string? ResponseType,
    string? Scope,
    string? State,
    string? CodeChallenge,
    string? CodeChallengeMethod,
    string? Resource) : ICommand<OAuthResult<BrowserRedirect>>, IHasClientId
{
    public string? ClientIdForLog => ClientId;
}

/// <summary>The parameters checked only after client and redirect URI are trusted, so their errors can be redirected.</summary>
public sealed record AuthorizationRequestParameters(
    string? ResponseType,
    string? CodeChallenge,
    string? CodeChallengeMethod,
    string? State,
    string? Scope,
    string? Resource);
