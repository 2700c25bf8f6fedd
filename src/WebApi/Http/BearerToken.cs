namespace CleanProxy.WebApi.Http;

public static class BearerToken
{
    /// <summary>The token of an <c>Authorization: Bearer …</c> header; the scheme name is case-insensitive (RFC 9110 §11.1).</summary>
    public static string? Read(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = header[scheme.Length..].Trim();
        return token.Length == 0 ? null : token;
    }
}
