namespace CleanProxy.Application.Common.OAuth;

/// <summary>
/// A front-channel redirect: where to send the user agent and which query parameters to add. The HTTP edge builds
/// the URL (with proper encoding and respect for a query the target already has).
/// </summary>
public sealed record BrowserRedirect(string Target, IReadOnlyList<KeyValuePair<string, string>> Parameters)
{
    /// <summary>Parameters may carry a code or state: keep them out of logs.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Target = ").Append(Target).Append(", Parameters = [")
            .AppendJoin(", ", Parameters.Select(p => p.Key)).Append(']');
        return true;
    }
}

/// <summary>Builds authorization responses for the client's redirect URI (RFC 6749 §4.1.2, RFC 9207 <c>iss</c>).</summary>
public static class AuthorizationResponse
{
    public static BrowserRedirect Success(string redirectUri, string code, string? state, string issuer)
        => new(redirectUri, WithStateAndIssuer([new(OAuthParameters.Code, code)], state, issuer));

    public static BrowserRedirect Error(string redirectUri, OAuthError error, string? state, string issuer)
        => new(
            redirectUri,
            WithStateAndIssuer(
                [new(OAuthParameters.Error, error.Code), new(OAuthParameters.ErrorDescription, error.Description)],
                state,
                issuer));

    private static List<KeyValuePair<string, string>> WithStateAndIssuer(
        List<KeyValuePair<string, string>> parameters, string? state, string issuer)
    {
        if (state is not null)
        {
            parameters.Add(new(OAuthParameters.State, state));
        }

        parameters.Add(new(OAuthParameters.Issuer, issuer));
        return parameters;
    }
}
