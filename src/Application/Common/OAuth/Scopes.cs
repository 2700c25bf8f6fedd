namespace CleanProxy.Application.Common.OAuth;

/// <summary>Space-delimited scope strings (RFC 6749 §3.3).</summary>
public static class Scopes
{
    public static IReadOnlyList<string> Parse(string? scope)
        => string.IsNullOrWhiteSpace(scope)
            ? []
            : scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();

    public static string Join(IEnumerable<string> scopes) => string.Join(' ', scopes);

    /// <summary>The requested scopes the proxy supports, in the configured order; nothing requested → all supported.</summary>
    public static IReadOnlyList<string> Narrow(IReadOnlyList<string> requested, IReadOnlyList<string> supported)
        => requested.Count == 0 ? supported : supported.Where(requested.Contains).ToList();

    public static bool IsSubset(IReadOnlyList<string> requested, string granted)
    {
        var grantedScopes = Parse(granted);
        return requested.All(grantedScopes.Contains);
    }
}
