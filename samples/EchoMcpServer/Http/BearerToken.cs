using Microsoft.Net.Http.Headers;

namespace EchoMcpServer.Http;

internal static class BearerToken
{
    private const string Scheme = "Bearer ";

    /// <summary>The token of the request's single <c>Authorization: Bearer</c> header, or null.</summary>
    public static string? From(HttpRequest request)
    {
        var values = request.Headers[HeaderNames.Authorization];
        if (values.Count != 1 || values[0] is not { } header
            || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = header[Scheme.Length..].Trim();
        return token.Length == 0 ? null : token;
    }
}
