using CleanProxy.Application.Common.Interfaces;
using CleanProxy.Application.Common.OAuth;
using CleanProxy.Application.Common.Options;
using CleanProxy.Application.Common.Persistence;
using CleanProxy.Domain.Authorization;
using CleanProxy.Domain.Common;
using CleanProxy.Domain.Sessions;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CleanProxy.Application.Authorization.Commands.HandleUpstreamCallback;

public sealed class HandleUpstreamCallbackCommandHandler(
    IApplicationDbContext db,
    IUpstreamIdentityProvider upstream,
    ISecretProtector protector,
    IOptions<CleanProxyOptions> options,
    TimeProvider time) : ICommandHandler<HandleUpstreamCallbackCommand, OAuthResult<BrowserRedirect>>
{
    /// <summary>Upstream errors a client understands; anything else is reported as access_denied.</summary>
    private static readonly HashSet<string> ForwardedUpstreamErrors =
    [
        OAuthErrorCodes.AccessDenied, OAuthErrorCodes.TemporarilyUnavailable, OAuthErrorCodes.ServerError,
        OAuthErrorCodes.LoginRequired, OAuthErrorCodes.ConsentRequired, OAuthErrorCodes.InteractionRequired,
    ];

    private readonly CleanProxyOptions _options = options.Value;

    public async ValueTask<OAuthResult<BrowserRedirect>> Handle(HandleUpstreamCallbackCommand command, CancellationToken cancellationToken)
    {
        var stateHash = TokenHash.Compute(command.State!);
        var pending = await db.PendingAuthorizations.FirstOrDefaultAsync(p => p.StateHash == stateHash, cancellationToken);
        if (pending is null)
        {
            return OAuthError.InvalidRequest("Unknown sign-in state. Start the sign-in again from your application.");
        }

        // Consumed before the upstream code exchange: a crash or failure after this point leaves nothing usable behind,
        // and the user simply starts again.
        switch (pending.Consume(time.GetUtcNow()))
        {
            case ConsumeOutcome.Expired:
                return OAuthError.InvalidRequest("This sign-in took too long and has expired. Start it again from your application.");
            case ConsumeOutcome.AlreadyConsumed:
                return OAuthError.InvalidRequest("This sign-in response was already used. Start the sign-in again from your application.");
        }

        if (!await db.TrySaveConsumingAsync(cancellationToken))
        {
            return OAuthError.InvalidRequest("This sign-in response was already used. Start the sign-in again from your application.");
        }

        if (!string.IsNullOrEmpty(command.Error))
        {
            var code = ForwardedUpstreamErrors.Contains(command.Error) ? command.Error : OAuthErrorCodes.AccessDenied;
            return ToClient(pending, new OAuthError(code, $"The identity provider refused the sign-in ({code})."));
        }

        if (string.IsNullOrEmpty(command.Code))
        {
            return ToClient(pending, OAuthError.ServerError("The identity provider answered without an authorization code."));
        }

        var signIn = await upstream.CompleteSignInAsync(
            new UpstreamCodeExchange(command.Code, pending.UpstreamCodeVerifier, pending.UpstreamNonce), cancellationToken);
        if (!signIn.Succeeded)
        {
            return ToClient(pending, signIn.Error);
        }

        var now = time.GetUtcNow();
        var identity = signIn.Value;
        var session = Session.Start(identity.Subject, pending.ClientId, pending.Scope, pending.Resource, identity.IdentityClaimsJson, now);
        var vault = UpstreamTokenVault.Create(
            session.Id,
            protector.Protect(identity.Tokens.AccessToken, ProtectionPurposes.UpstreamTokens),
            identity.Tokens.RefreshToken is { } refreshToken ? protector.Protect(refreshToken, ProtectionPurposes.UpstreamTokens) : null,
            identity.Tokens.AccessTokenExpiresAt,
            now);
        var proxyCode = OpaqueToken.Create(OpaqueToken.AuthorizationCodePrefix);

        // Session, vault record and code are written together or not at all.
        db.Sessions.Add(session);
        db.UpstreamTokens.Add(vault);
        db.AuthorizationCodes.Add(AuthorizationCode.Issue(proxyCode, session.Id, pending, now));
        await db.SaveChangesAsync(cancellationToken);

        return AuthorizationResponse.Success(pending.RedirectUri, proxyCode, pending.ClientState, _options.Issuer);
    }

    private BrowserRedirect ToClient(PendingAuthorization pending, OAuthError error)
        => AuthorizationResponse.Error(pending.RedirectUri, error, pending.ClientState, _options.Issuer);
}
