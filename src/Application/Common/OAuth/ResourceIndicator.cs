namespace CleanProxy.Application.Common.OAuth;

/// <summary>
/// Resource indicators (RFC 8707): compared after canonicalising what clients vary in practice — scheme and host case,
/// an explicit default port, a trailing slash — but nothing else.
/// </summary>
public static class ResourceIndicator
{
    public static bool Matches(string configured, string? requested)
        => requested is not null && Canonicalize(requested) is { } canonical
            && string.Equals(canonical, Canonicalize(configured), StringComparison.Ordinal);

    public static string? Canonicalize(string resource)
    {
        if (!Uri.TryCreate(resource, UriKind.Absolute, out var uri) || resource.Contains('#', StringComparison.Ordinal))
        {
            return null;
        }

        var port = uri.IsDefaultPort ? string.Empty : ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var path = uri.AbsolutePath.TrimEnd('/');
        return $"{uri.Scheme.ToLowerInvariant()}://{uri.IdnHost.ToLowerInvariant()}{port}{path}{uri.Query}";
    }
}
