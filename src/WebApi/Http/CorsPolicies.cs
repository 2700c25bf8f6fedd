namespace CleanProxy.WebApi.Http;

/// <summary>
/// CORS for MCP clients running in a browser (MCP Inspector, web hosts): discovery, registration, token, revocation,
/// introspection, JWKS and the MCP endpoint. Any origin: these endpoints authenticate with bearer tokens, client
/// credentials or PKCE, never with cookies, so an origin gains nothing a script could not do anyway. The authorize and
/// callback endpoints are browser navigations and get no CORS.
/// </summary>
public static class CorsPolicies
{
    public const string BrowserClients = "BrowserClients";

    public static IServiceCollection AddBrowserClientCors(this IServiceCollection services)
        => services.AddCors(cors => cors.AddPolicy(BrowserClients, policy => policy
            .AllowAnyOrigin()
            .WithMethods("GET", "POST", "DELETE")
            .WithHeaders("Authorization", "Content-Type", "Accept", "MCP-Protocol-Version", "Mcp-Session-Id", "Last-Event-ID")
            .WithExposedHeaders("WWW-Authenticate", "Mcp-Session-Id", "MCP-Protocol-Version")
            .SetPreflightMaxAge(TimeSpan.FromHours(1))));
}
