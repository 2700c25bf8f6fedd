using CleanProxy.Application.Authorization.Commands.Authorize;
using CleanProxy.Application.Authorization.Commands.HandleUpstreamCallback;
using CleanProxy.Application.Common.OAuth;
using CleanProxy.WebApi.Http;
using Mediator;
using static CleanProxy.Application.Common.Options.CleanProxyOptions;

namespace CleanProxy.WebApi.Endpoints;

/// <summary>The front channel: the client's authorization request and the upstream IdP's answer.</summary>
public static class AuthorizationEndpoints
{
    /// <summary>Where MCP 2025-03-26 clients that ignore metadata send the user (not advertised).</summary>
    public const string LegacyAuthorizePath = "/authorize";

    public static IEndpointRouteBuilder MapAuthorizationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(EndpointPaths.Authorize, Authorize);
        app.MapGet(LegacyAuthorizePath, Authorize);
        app.MapGet(EndpointPaths.Callback, Callback);
        return app;
    }

    private static async Task<IResult> Authorize(HttpContext context, ISender sender, CancellationToken cancellationToken)
    {
        if (RepeatedParameter(context.Request) is { } repeated)
        {
            return OAuthResponses.ErrorPage(OAuthError.InvalidRequest($"The parameter '{repeated}' must not be sent more than once."), context);
        }

        var query = context.Request.Query;
        var result = await sender.Send(
            new AuthorizeCommand(
                Value(query, OAuthParameters.ClientId),
                Value(query, OAuthParameters.RedirectUri),
                Value(query, OAuthParameters.ResponseType),
                Value(query, OAuthParameters.Scope),
                Value(query, OAuthParameters.State),
                Value(query, OAuthParameters.CodeChallenge),
                Value(query, OAuthParameters.CodeChallengeMethod),
                Value(query, OAuthParameters.Resource)),
            cancellationToken);
        return ToResponse(result, context);
    }

    private static async Task<IResult> Callback(HttpContext context, ISender sender, CancellationToken cancellationToken)
    {
        if (RepeatedParameter(context.Request) is { } repeated)
        {
            return OAuthResponses.ErrorPage(OAuthError.InvalidRequest($"The parameter '{repeated}' must not be sent more than once."), context);
        }

        var query = context.Request.Query;
        var result = await sender.Send(
            new HandleUpstreamCallbackCommand(
                Value(query, OAuthParameters.State),
                Value(query, OAuthParameters.Code),
                Value(query, OAuthParameters.Error),
                Value(query, OAuthParameters.ErrorDescription)),
            cancellationToken);
        return ToResponse(result, context);
    }

    private static IResult ToResponse(OAuthResult<BrowserRedirect> result, HttpContext context)
        => result.Succeeded ? OAuthResponses.Redirect(result.Value, context) : OAuthResponses.ErrorPage(result.Error, context);

    private static string? Value(IQueryCollection query, string name)
        => query.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value.ToString() : null;

    private static string? RepeatedParameter(HttpRequest request)
        => request.Query.FirstOrDefault(p => p.Value.Count > 1).Key;
}
