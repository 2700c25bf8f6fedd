using System.Text.Json;
using System.Text.Json.Serialization;
using CleanProxy.Application.Clients.Commands.RegisterClient;
using CleanProxy.Application.Common.OAuth;
using CleanProxy.WebApi.Http;
using Mediator;
using static CleanProxy.Application.Common.Options.CleanProxyOptions;

namespace CleanProxy.WebApi.Endpoints;

/// <summary>Dynamic Client Registration (RFC 7591).</summary>
public static class RegistrationEndpoints
{
    public const int MaxBodyBytes = 32 * 1024;

    /// <summary>Where MCP 2025-03-26 clients that ignore metadata look for the registration endpoint (not advertised).</summary>
    public const string LegacyRegisterPath = "/register";

    public static IEndpointRouteBuilder MapRegistrationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(EndpointPaths.Register, Register).RequireCors(CorsPolicies.BrowserClients).RequireRateLimiting(RegistrationRateLimit.Policy);
        app.MapPost(LegacyRegisterPath, Register).RequireCors(CorsPolicies.BrowserClients).RequireRateLimiting(RegistrationRateLimit.Policy);
        return app;
    }

    private static async Task<IResult> Register(HttpContext context, ISender sender, CancellationToken cancellationToken)
    {
        var (request, error) = await ReadRequestAsync(context.Request, cancellationToken);
        if (request is null)
        {
            return error is null
                ? Results.Json(new OAuthErrorBody(OAuthErrorCodes.InvalidClientMetadata, $"The registration request must be at most {MaxBodyBytes} bytes."), OAuthJson.Options, statusCode: StatusCodes.Status413PayloadTooLarge)
                : OAuthResponses.Error(error, context);
        }

        var result = await sender.Send(
            new RegisterClientCommand(request.RedirectUris, request.TokenEndpointAuthMethod, request.GrantTypes, request.ResponseTypes, request.ClientName, request.Scope, BearerToken.Read(context.Request)),
            cancellationToken);
        if (!result.Succeeded)
        {
            if (result.Error.Code == OAuthErrorCodes.InvalidToken)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            }

            return OAuthResponses.Error(result.Error, context);
        }

        var c = result.Value;
        return OAuthResponses.Json(
            new ClientRegistrationResponse(c.ClientId, c.ClientSecret, c.ClientIdIssuedAt, c.ClientSecretExpiresAt, c.RedirectUris, c.TokenEndpointAuthMethod, c.GrantTypes, c.ResponseTypes, c.ClientName, c.Scope),
            context,
            StatusCodes.Status201Created);
    }

    /// <summary>Null request and null error: the body is too large (413).</summary>
    private static async Task<(ClientRegistrationRequest? Request, OAuthError? Error)> ReadRequestAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return (null, OAuthError.InvalidClientMetadata("The registration request must be JSON (Content-Type: application/json)."));
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, null);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return (null, null);
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            var parsed = JsonSerializer.Deserialize<ClientRegistrationRequest>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), OAuthJson.Options);
            return parsed is null
                ? (null, OAuthError.InvalidClientMetadata("The registration request must be a JSON object."))
                : (parsed, null);
        }
        catch (JsonException exception)
        {
            var where = exception.Path is { Length: > 1 } path ? $" at {path}" : string.Empty;
            return (null, OAuthError.InvalidClientMetadata($"The registration request is not valid JSON client metadata{where}."));
        }
    }

    /// <summary>Client metadata (RFC 7591 §2); members the proxy does not use are ignored.</summary>
    private sealed record ClientRegistrationRequest(
        [property: JsonPropertyName("redirect_uris")] List<string>? RedirectUris,
        [property: JsonPropertyName("token_endpoint_auth_method")] string? TokenEndpointAuthMethod,
        [property: JsonPropertyName("grant_types")] List<string>? GrantTypes,
        [property: JsonPropertyName("response_types")] List<string>? ResponseTypes,
        [property: JsonPropertyName("client_name")] string? ClientName,
        [property: JsonPropertyName("scope")] string? Scope);

    private sealed record ClientRegistrationResponse(
        [property: JsonPropertyName("client_id")] string ClientId,
        [property: JsonPropertyName("client_secret")] string? ClientSecret,
        [property: JsonPropertyName("client_id_issued_at")] long ClientIdIssuedAt,
        [property: JsonPropertyName("client_secret_expires_at")] long? ClientSecretExpiresAt,
        [property: JsonPropertyName("redirect_uris")] IReadOnlyList<string> RedirectUris,
        [property: JsonPropertyName("token_endpoint_auth_method")] string TokenEndpointAuthMethod,
        [property: JsonPropertyName("grant_types")] IReadOnlyList<string> GrantTypes,
        [property: JsonPropertyName("response_types")] IReadOnlyList<string> ResponseTypes,
        [property: JsonPropertyName("client_name")] string? ClientName,
        [property: JsonPropertyName("scope")] string? Scope);
}
