using DevIdentityProvider.Options;
using DevIdentityProvider.Protocol;
using DevIdentityProvider.Stores;
using Microsoft.Extensions.Options;
using P = DevIdentityProvider.Protocol.OAuthConstants.Parameters;

namespace DevIdentityProvider.Authorization;

/// <summary>The login form's answer: deny, retry, or a single-use authorization code.</summary>
internal sealed class LoginHandler(
    PendingLoginStore pendingLogins,
    UserDirectory users,
    GrantStore grants,
    IOptions<DevIdentityProviderOptions> options,
    TimeProvider timeProvider,
    ILogger<LoginHandler> logger)
{
    public const string RequestIdField = "request_id";
    public const string UsernameField = "username";
    public const string PasswordField = "password";
    public const string ActionField = "action";
    public const string LoginAction = "login";
    public const string DenyAction = "deny";

    private const string LostRequest = "This login request is unknown or has expired. Start again from the application.";

    public InteractionOutcome Handle(ProtocolParameters form)
    {
        var requestId = form.Get(RequestIdField);
        var login = pendingLogins.Find(requestId);
        if (requestId is null || login is null)
        {
            return new ShowErrorPage(LostRequest);
        }

        // Pressing Enter in the form sends the first button (login); a scripted post may send no action at all.
        var action = form.Get(ActionField) ?? LoginAction;
        if (action == DenyAction)
        {
            return pendingLogins.TryComplete(requestId) ? Deny(login) : new ShowErrorPage(LostRequest);
        }

        var username = form.Get(UsernameField);
        if (action != LoginAction)
        {
            return new ShowLoginForm(requestId, login, username, "Choose Sign in or Deny.");
        }

        var user = users.CheckCredentials(username, form.Get(PasswordField));
        if (user is null)
        {
            return new ShowLoginForm(requestId, login, username, "Unknown username or wrong password.");
        }

        // Removing the request first makes a double submit unable to mint two codes.
        return pendingLogins.TryComplete(requestId) ? IssueCode(login, user) : new ShowErrorPage(LostRequest);
    }

    private RedirectToClient Deny(PendingLogin login) =>
        RedirectToClient.With(
            login.RedirectUri,
            (P.Error, OAuthConstants.Errors.AccessDenied),
            (P.ErrorDescription, "The user denied the request."),
            (P.State, login.State),
            (P.Issuer, options.Value.Issuer));

    private RedirectToClient IssueCode(PendingLogin login, DevUserOptions user)
    {
        var now = timeProvider.GetUtcNow();
        var family = new GrantFamily(login.ClientId, user.Subject, login.Scope, authTime: now);
        var code = grants.Add(new AuthorizationCode(
            family,
            login.RedirectUri,
            login.CodeChallenge,
            login.Nonce,
            now.AddSeconds(options.Value.CodeLifetimeSeconds)));
        logger.LogInformation("User {Subject} signed in for client {ClientId}.", user.Subject, login.ClientId);
        return RedirectToClient.With(
            login.RedirectUri,
            (P.Code, code),
            (P.State, login.State),
            (P.Issuer, options.Value.Issuer));
    }
}
