using DevIdentityProvider.Stores;
using Microsoft.AspNetCore.WebUtilities;

namespace DevIdentityProvider.Authorization;

/// <summary>What the browser gets from /authorize or /login.</summary>
internal abstract record InteractionOutcome;

/// <summary>A 400 HTML page, used when redirecting would be unsafe (unknown client or redirect URI, lost request).</summary>
internal sealed record ShowErrorPage(string Message) : InteractionOutcome;

internal sealed record ShowLoginForm(string RequestId, PendingLogin Login, string? Username = null, string? ErrorMessage = null)
    : InteractionOutcome;

internal sealed record RedirectToClient(string Location) : InteractionOutcome
{
    /// <summary>Adds the parameters to the registered redirect URI, keeping any query it already has.</summary>
    public static RedirectToClient With(string redirectUri, params (string Name, string? Value)[] parameters) =>
        new(QueryHelpers.AddQueryString(
            redirectUri,
            parameters.Where(parameter => parameter.Value is not null)
                .Select(parameter => KeyValuePair.Create(parameter.Name, parameter.Value))));
}
