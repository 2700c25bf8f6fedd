using Microsoft.Net.Http.Headers;

namespace EchoMcpServer.Http;

/// <summary>
/// Answers 401 to a request under the guarded path that carries no bearer token. It checks presence only: the token is
/// opaque here, and the upstream userinfo endpoint is what judges it when a tool uses it.
/// </summary>
/// <remarks>
/// Matched by path rather than endpoint metadata so that the challenge comes first, before routing answers 405 or 415.
/// </remarks>
internal sealed class BearerTokenRequiredMiddleware(RequestDelegate next, PathString guardedPath)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(guardedPath) || BearerToken.From(context.Request) is not null)
        {
            return next(context);
        }

        // RFC 6750 §3.1: a request without credentials gets the bare challenge, no error code.
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        return Task.CompletedTask;
    }
}
