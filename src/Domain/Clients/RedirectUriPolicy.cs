namespace CleanProxy.Domain.Clients;

/// <summary>
/// Which redirect URIs a client may register (OAuth 2.1 §2.3, RFC 8252 §7, RFC 9700 §4.1): https for web clients,
/// http only on loopback for native clients, private-use schemes for native apps; never script or local-file schemes,
/// fragments or credentials in the URI.
/// </summary>
public static class RedirectUriPolicy
{
    public const int MaxLength = 2048;

    private static readonly HashSet<string> ForbiddenSchemes =
        new(["javascript", "data", "file", "vbscript", "about", "blob", "filesystem"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Returns why the URI cannot be registered, or null when it can.</summary>
    public static string? Check(string? uri)
    {
        if (string.IsNullOrWhiteSpace(uri))
        {
            return "redirect URIs must not be empty.";
        }

        if (uri.Length > MaxLength)
        {
            return $"redirect URIs must be at most {MaxLength} characters.";
        }

        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed))
        {
            return $"'{uri}' is not an absolute URI.";
        }

        if (ForbiddenSchemes.Contains(parsed.Scheme))
        {
            return $"the '{parsed.Scheme}' scheme is not allowed for redirect URIs.";
        }

        if (uri.Contains('#', StringComparison.Ordinal))
        {
            return "redirect URIs must not contain a fragment.";
        }

        if (!string.IsNullOrEmpty(parsed.UserInfo))
        {
            return "redirect URIs must not contain user credentials.";
        }

        if (parsed.Scheme == Uri.UriSchemeHttp && !RedirectUriMatcher.IsLoopback(uri))
        {
            return "plain http redirect URIs are only allowed on loopback (127.0.0.1, [::1], localhost); use https.";
        }

        return null;
    }
}
