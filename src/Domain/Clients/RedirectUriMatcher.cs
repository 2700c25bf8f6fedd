namespace CleanProxy.Domain.Clients;

/// <summary>
/// Compares a requested redirect URI with a registered one. Exact string comparison (no System.Uri normalisation:
/// OAuth 2.1 §2.3.1), except that loopback redirect URIs of native clients match on any port (RFC 8252 §7.3),
/// because a native app picks a free port at run time.
/// </summary>
public static class RedirectUriMatcher
{
    public static bool Matches(string registered, string requested)
    {
        if (string.Equals(registered, requested, StringComparison.Ordinal))
        {
            return true;
        }

        return TrySplitLoopback(registered, out var registeredHost, out var registeredRest)
            && TrySplitLoopback(requested, out var requestedHost, out var requestedRest)
            && string.Equals(registeredHost, requestedHost, StringComparison.Ordinal)
            && string.Equals(registeredRest, requestedRest, StringComparison.Ordinal);
    }

    public static bool IsLoopback(string uri) => TrySplitLoopback(uri, out _, out _);

    /// <summary>Splits "http://127.0.0.1:1234/cb?x" into host "127.0.0.1" and the part after the port, "/cb?x".</summary>
    private static bool TrySplitLoopback(string uri, out string host, out string rest)
    {
        host = rest = string.Empty;
        const string scheme = "http://";
        if (!uri.StartsWith(scheme, StringComparison.Ordinal))
        {
            return false;
        }

        var authorityEnd = uri.IndexOfAny(['/', '?', '#'], scheme.Length);
        var authority = authorityEnd < 0 ? uri[scheme.Length..] : uri[scheme.Length..authorityEnd];
        rest = authorityEnd < 0 ? string.Empty : uri[authorityEnd..];

        string hostPart;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            hostPart = authority[..(close + 1)];
            var after = authority[(close + 1)..];
            if (after.Length > 0 && !IsPort(after))
            {
                return false;
            }
        }
        else
        {
            var colon = authority.IndexOf(':', StringComparison.Ordinal);
            hostPart = colon < 0 ? authority : authority[..colon];
            if (colon >= 0 && !IsPort(authority[colon..]))
            {
                return false;
            }
        }

        host = hostPart;
        return hostPart is "127.0.0.1" or "[::1]" or "localhost";
    }

    private static bool IsPort(string colonAndDigits)
        => colonAndDigits.Length is > 1 and <= 6 && colonAndDigits[0] == ':' && colonAndDigits[1..].All(char.IsAsciiDigit);
}
