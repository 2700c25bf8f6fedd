namespace DevIdentityProvider.Protocol;

/// <summary>Space-delimited scope strings (RFC 6749 3.3): order kept, duplicates dropped.</summary>
internal static class ScopeList
{
    public static IReadOnlyList<string> Parse(string? scope) =>
        string.IsNullOrEmpty(scope)
            ? []
            : scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToArray();

    public static string Format(IEnumerable<string> scopes) => string.Join(' ', scopes);
}
