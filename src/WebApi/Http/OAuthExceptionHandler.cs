using System.Data.Common;
using CleanProxy.Application.Common.OAuth;
using Microsoft.AspNetCore.Diagnostics;

namespace CleanProxy.WebApi.Http;

/// <summary>
/// Exceptions are bugs or outages, never protocol outcomes: log them once and answer with an OAuth error body — no
/// stack trace, no ProblemDetails. An unreachable database is an outage (503), not a server bug.
/// </summary>
public sealed partial class OAuthExceptionHandler(ILogger<OAuthExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is BadHttpRequestException badRequest)
        {
            httpContext.Response.StatusCode = badRequest.StatusCode;
            await httpContext.Response.WriteAsJsonAsync(new OAuthErrorBody(OAuthErrorCodes.InvalidRequest, "The request could not be read."), OAuthJson.Options, cancellationToken);
            return true;
        }

        var outage = exception is DbException or TimeoutException || exception.InnerException is DbException;
        LogUnhandled(exception, httpContext.Request.Method, httpContext.Request.Path);
        httpContext.Response.StatusCode = outage ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError;
        httpContext.Response.Headers.CacheControl = "no-store";
        var body = outage
            ? new OAuthErrorBody(OAuthErrorCodes.TemporarilyUnavailable, "The service is temporarily unavailable. Try again shortly.")
            : new OAuthErrorBody(OAuthErrorCodes.ServerError, "An unexpected error occurred.");
        await httpContext.Response.WriteAsJsonAsync(body, OAuthJson.Options, cancellationToken);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path}")]
    private partial void LogUnhandled(Exception exception, string method, PathString path);
}
