using DevIdentityProvider.Authorization;
using DevIdentityProvider.Options;
using DevIdentityProvider.Protocol;
using Microsoft.Extensions.Options;

namespace DevIdentityProvider.Endpoints;

/// <summary>The browser-facing part: /authorize shows the login form, /login answers it.</summary>
internal static class AuthorizationEndpoints
{
    public static void MapAuthorizationEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // OIDC Core 3.1.2.1: the authorization endpoint accepts GET and form POST.
        endpoints.MapMethods(EndpointPaths.Authorize, [HttpMethods.Get, HttpMethods.Post], Authorize);
        endpoints.MapPost(EndpointPaths.Login, Login);
    }

    private static async Task<IResult> Authorize(
        HttpContext context, AuthorizationRequestHandler handler, IOptions<DevIdentityProviderOptions> options)
    {
        var parameters = HttpMethods.IsPost(context.Request.Method)
            ? await HttpTranslation.ReadFormAsync(context.Request, context.RequestAborted) ?? ProtocolParameters.Empty
            : new ProtocolParameters(context.Request.Query);
        return HttpTranslation.Interaction(context.Response, handler.Handle(parameters), options.Value.EndpointUrl(EndpointPaths.Login));
    }

    private static async Task<IResult> Login(HttpContext context, LoginHandler handler, IOptions<DevIdentityProviderOptions> options)
    {
        var form = await HttpTranslation.ReadFormAsync(context.Request, context.RequestAborted) ?? ProtocolParameters.Empty;
        return HttpTranslation.Interaction(context.Response, handler.Handle(form), options.Value.EndpointUrl(EndpointPaths.Login));
    }
}
