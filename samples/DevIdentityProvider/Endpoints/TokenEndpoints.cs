using DevIdentityProvider.Diagnostics;
using DevIdentityProvider.Protocol;
using DevIdentityProvider.Tokens;

namespace DevIdentityProvider.Endpoints;

/// <summary>Back-channel endpoints: token, revocation, userinfo.</summary>
internal static class TokenEndpoints
{
    public static void MapTokenEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(EndpointPaths.Token, Token);
        endpoints.MapPost(EndpointPaths.Revoke, Revoke);
        endpoints.MapMethods(EndpointPaths.UserInfo, [HttpMethods.Get, HttpMethods.Post], UserInfo);
    }

    private static async Task<IResult> Token(HttpContext context, TokenRequestHandler handler, DevStats stats)
    {
        stats.CountTokenRequest();
        var form = await HttpTranslation.ReadFormAsync(context.Request, context.RequestAborted);
        if (form is null)
        {
            return HttpTranslation.Error(context.Response, OAuthError.InvalidRequest("The token request must be an application/x-www-form-urlencoded POST."));
        }

        var outcome = handler.Handle(HttpTranslation.AuthorizationHeader(context.Request), form);
        return outcome.Value is not null
            ? HttpTranslation.NoStoreJson(context.Response, outcome.Value)
            : HttpTranslation.Error(context.Response, outcome.Error!);
    }

    private static async Task<IResult> Revoke(HttpContext context, TokenRevocation revocation)
    {
        var form = await HttpTranslation.ReadFormAsync(context.Request, context.RequestAborted);
        if (form is null)
        {
            return HttpTranslation.Error(context.Response, OAuthError.InvalidRequest("The revocation request must be an application/x-www-form-urlencoded POST."));
        }

        var error = revocation.Revoke(HttpTranslation.AuthorizationHeader(context.Request), form);
        return error is null ? Results.Ok() : HttpTranslation.Error(context.Response, error);
    }

    private static IResult UserInfo(HttpContext context, UserInfoHandler handler)
    {
        var outcome = handler.Handle(HttpTranslation.AuthorizationHeader(context.Request));
        if (outcome.Response is not null)
        {
            return HttpTranslation.NoStoreJson(context.Response, outcome.Response);
        }

        // RFC 6750 3.1: no error code when the request carried no token at all.
        context.Response.Headers.WWWAuthenticate = outcome.TokenWasPresented
            ? "Bearer error=\"invalid_token\""
            : "Bearer";
        return outcome.TokenWasPresented
            ? HttpTranslation.NoStoreJson(
                context.Response,
                new OAuthError(OAuthConstants.Errors.InvalidToken, "The access token is invalid, expired or revoked."),
                StatusCodes.Status401Unauthorized)
            : Results.Unauthorized();
    }
}
