using DevIdentityProvider.Authorization;
using DevIdentityProvider.Html;
using DevIdentityProvider.Protocol;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Diagnostics;

namespace DevIdentityProvider.Endpoints;

/// <summary>Translation between HTTP and the protocol handlers.</summary>
internal static class HttpTranslation
{
    private const string HtmlContentType = "text/html; charset=utf-8";

    /// <summary>
    /// Form parameters, or null when the body is not a readable application/x-www-form-urlencoded form (the only
    /// encoding RFC 6749 uses; multipart is refused).
    /// </summary>
    public static async Task<ProtocolParameters?> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !string.Equals(contentType.MediaType, "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            return new ProtocolParameters(await request.ReadFormAsync(cancellationToken));
        }
        catch (Exception exception) when (exception is InvalidDataException or BadHttpRequestException or IOException)
        {
            return null;
        }
    }

    /// <summary>The Authorization header when exactly one was sent.</summary>
    public static string? AuthorizationHeader(HttpRequest request) =>
        request.Headers.Authorization.Count == 1 ? request.Headers.Authorization[0] : null;

    /// <summary>RFC 6749 5.1/5.2: JSON that no cache may keep.</summary>
    public static IResult NoStoreJson<T>(HttpResponse response, T body, int statusCode = StatusCodes.Status200OK)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        return Results.Json(body, statusCode: statusCode);
    }

    /// <summary>RFC 6749 5.2: 400, or 401 for invalid_client with a Basic challenge when Basic was tried.</summary>
    public static IResult Error(HttpResponse response, OAuthError error)
    {
        var isClientError = error.Error == OAuthConstants.Errors.InvalidClient;
        if (isClientError && error.ChallengeBasic)
        {
            response.Headers.WWWAuthenticate = "Basic realm=\"DevIdentityProvider\"";
        }

        return NoStoreJson(response, error, isClientError ? StatusCodes.Status401Unauthorized : StatusCodes.Status400BadRequest);
    }

    public static IResult Interaction(HttpResponse response, InteractionOutcome outcome, string loginUrl)
    {
        response.Headers.CacheControl = "no-store";
        return outcome switch
        {
            RedirectToClient redirect => Results.Redirect(redirect.Location),
            ShowLoginForm form => Html(response, HtmlPages.LoginForm(loginUrl, form), StatusCodes.Status200OK),
            ShowErrorPage error => Html(response, HtmlPages.Error(error.Message), StatusCodes.Status400BadRequest),
            _ => throw new InvalidOperationException($"Unhandled outcome {outcome.GetType().Name}."),
        };
    }

    public static IResult Html(HttpResponse response, string html, int statusCode)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.XFrameOptions = "DENY";
        response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";
        response.Headers["Referrer-Policy"] = "no-referrer";
        return Results.Content(html, HtmlContentType, statusCode: statusCode);
    }

    /// <summary>Last resort for bugs: a JSON server_error, never a stack trace; broken requests get invalid_request.</summary>
    public static async Task WriteUnhandledExceptionAsync(HttpContext context)
    {
        var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var (status, error) = exception is BadHttpRequestException badRequest
            ? (badRequest.StatusCode, OAuthError.InvalidRequest("The request is malformed."))
            : (StatusCodes.Status500InternalServerError, new OAuthError(OAuthConstants.Errors.ServerError, "An unexpected error occurred."));
        context.Response.StatusCode = status;
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsJsonAsync(error, context.RequestAborted);
    }
}
