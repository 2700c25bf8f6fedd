using System.Net;
using CleanProxy.Application.Common.OAuth;
using Microsoft.AspNetCore.WebUtilities;

namespace CleanProxy.WebApi.Http;

/// <summary>Turns use-case results into OAuth HTTP responses (RFC 6749 §5.1–5.2, §4.1.2).</summary>
public static class OAuthResponses
{
    /// <summary>A JSON error from a back-channel endpoint, with the status the RFCs give each code.</summary>
    public static IResult Error(OAuthError error, HttpContext context)
    {
        var status = error.Code switch
        {
            OAuthErrorCodes.InvalidClient => StatusCodes.Status401Unauthorized,
            OAuthErrorCodes.InvalidToken => StatusCodes.Status401Unauthorized,
            OAuthErrorCodes.ServerError => StatusCodes.Status500InternalServerError,
            OAuthErrorCodes.TemporarilyUnavailable => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status400BadRequest,
        };

        // RFC 6749 §5.2: a client that tried HTTP Basic gets a matching challenge with its 401.
        if (status == StatusCodes.Status401Unauthorized && error.Code == OAuthErrorCodes.InvalidClient
            && context.Request.Headers.Authorization.ToString().StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"CleanProxy\"";
        }

        NoStore(context);
        return Results.Json(new OAuthErrorBody(error.Code, error.Description), OAuthJson.Options, statusCode: status);
    }

    public static IResult Json<T>(T body, HttpContext context, int statusCode = StatusCodes.Status200OK)
    {
        NoStore(context);
        return Results.Json(body, OAuthJson.Options, statusCode: statusCode);
    }

    /// <summary>A front-channel redirect, built with QueryHelpers so an existing query in the target is kept.</summary>
    public static IResult Redirect(BrowserRedirect redirect, HttpContext context)
    {
        NoStore(context);
        var url = QueryHelpers.AddQueryString(redirect.Target, redirect.Parameters.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)));
        return new QuietRedirect(url);
    }

    /// <summary>A 302 that, unlike Results.Redirect, does not log its URL: these URLs carry codes and state.</summary>
    private sealed class QuietRedirect(string url) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status302Found;
            httpContext.Response.Headers.Location = url;
            return Task.CompletedTask;
        }
    }

    /// <summary>Errors that must not be redirected (untrusted client or redirect URI, unknown state) become a page.</summary>
    public static IResult ErrorPage(OAuthError error, HttpContext context)
    {
        NoStore(context);
        var code = WebUtility.HtmlEncode(error.Code);
        var description = WebUtility.HtmlEncode(error.Description);
        var html = $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Sign-in error</title>
            <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#222}code{background:#eee;padding:0 .3rem}</style>
            </head>
            <body>
            <h1>Sign-in could not continue</h1>
            <p>{{description}}</p>
            <p>Error code: <code>{{code}}</code></p>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
    }

    private static void NoStore(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
    }
}
