using DevIdentityProvider.Options;
using DevIdentityProvider.Protocol;
using DevIdentityProvider.Stores;
using Microsoft.Extensions.Options;
using P = DevIdentityProvider.Protocol.OAuthConstants.Parameters;

namespace DevIdentityProvider.Authorization;

/// <summary>The authorization endpoint (RFC 6749 4.1.1, OIDC Core 3.1.2): checks the request, then asks for a login.</summary>
internal sealed class AuthorizationRequestHandler(
    ClientRegistry clients,
    PendingLoginStore pendingLogins,
    IOptions<DevIdentityProviderOptions> options,
    TimeProvider timeProvider)
{
    public InteractionOutcome Handle(ProtocolParameters request)
    {
        // Until client and redirect URI are matched nothing may be redirected (RFC 6749 4.1.2.1).
        if (request.IsRepeated(P.ClientId) || request.IsRepeated(P.RedirectUri))
        {
            return new ShowErrorPage("The client_id and redirect_uri parameters must be sent exactly once.");
        }

        var clientId = request.Get(P.ClientId);
        var client = clients.Find(clientId);
        if (client is null)
        {
            return new ShowErrorPage(clientId is null ? "The client_id parameter is missing." : $"The client '{clientId}' is unknown.");
        }

        var redirectUri = request.Get(P.RedirectUri);
        if (redirectUri is null)
        {
            return new ShowErrorPage("The redirect_uri parameter is missing.");
        }

        if (!ClientRegistry.IsRedirectUriRegistered(client, redirectUri))
        {
            return new ShowErrorPage($"The redirect_uri is not registered for the client '{client.ClientId}'.");
        }

        var state = request.Get(P.State);
        if (CheckRedirectableErrors(client, request) is { } error)
        {
            return RedirectToClient.With(
                redirectUri,
                (P.Error, error.Error),
                (P.ErrorDescription, error.Description),
                (P.State, state),
                (P.Issuer, options.Value.Issuer));
        }

        var login = new PendingLogin(
            client.ClientId,
            redirectUri,
            ScopeList.Format(ScopeList.Parse(request.Get(P.Scope))),
            state,
            request.Get(P.Nonce),
            request.Get(P.CodeChallenge),
            timeProvider.GetUtcNow() + PendingLoginStore.Lifetime);
        return new ShowLoginForm(pendingLogins.Add(login), login);
    }

    private static OAuthError? CheckRedirectableErrors(DevClientOptions client, ProtocolParameters request)
    {
        if (request.FindRepeated() is { } repeated)
        {
            return OAuthError.InvalidRequest($"The {repeated} parameter was sent more than once.");
        }

        var responseType = request.Get(P.ResponseType);
        if (responseType is null)
        {
            return OAuthError.InvalidRequest("The response_type parameter is required.");
        }

        if (responseType != "code")
        {
            return new OAuthError(OAuthConstants.Errors.UnsupportedResponseType, "Only response_type=code is supported.");
        }

        var responseMode = request.Get(P.ResponseMode);
        if (responseMode is not null && responseMode != "query")
        {
            return OAuthError.InvalidRequest("Only response_mode=query is supported.");
        }

        return CheckScope(client, ScopeList.Parse(request.Get(P.Scope)))
            ?? CheckCodeChallenge(request.Get(P.CodeChallenge), request.Get(P.CodeChallengeMethod))
            ?? CheckPrompt(request.Get(P.Prompt));
    }

    private static OAuthError? CheckScope(DevClientOptions client, IReadOnlyList<string> scopes)
    {
        if (!scopes.Contains(OAuthConstants.Scopes.OpenId))
        {
            return OAuthError.InvalidScope("The scope must include openid.");
        }

        return scopes.FirstOrDefault(scope => !ClientRegistry.IsScopeAllowed(client, scope)) is { } refused
            ? OAuthError.InvalidScope($"The scope '{refused}' is not allowed for this client.")
            : null;
    }

    /// <summary>PKCE is optional here (a legacy IdP) but, when used, must be S256 (RFC 7636 4.3, 4.4.1).</summary>
    private static OAuthError? CheckCodeChallenge(string? challenge, string? method)
    {
        if (challenge is null)
        {
            return method is null ? null : OAuthError.InvalidRequest("code_challenge_method was sent without code_challenge.");
        }

        if (method != Pkce.S256)
        {
            return OAuthError.InvalidRequest("code_challenge_method must be S256; plain is not supported.");
        }

        return Pkce.IsWellFormedChallenge(challenge)
            ? null
            : OAuthError.InvalidRequest("code_challenge must be the 43-character base64url SHA-256 of the code_verifier.");
    }

    /// <summary>This IdP keeps no browser session, so it can never log a user in silently.</summary>
    private static OAuthError? CheckPrompt(string? prompt) =>
        ScopeList.Parse(prompt).Contains("none")
            ? new OAuthError(OAuthConstants.Errors.LoginRequired, "This identity provider has no session; prompt=none cannot be satisfied.")
            : null;
}
