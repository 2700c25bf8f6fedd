using CleanProxy.Application.Common.OAuth;
using CleanProxy.Application.Tokens.Commands.ExchangeAuthorizationCode;
using CleanProxy.Application.Tokens.Commands.RefreshAccessToken;
using CleanProxy.Application.Tokens.Commands.RevokeToken;
using CleanProxy.Application.Tokens.Common;
using CleanProxy.Application.Tokens.Queries.IntrospectToken;
using CleanProxy.WebApi.Http;
using Mediator;
using static CleanProxy.Application.Common.Options.CleanProxyOptions;

namespace CleanProxy.WebApi.Endpoints;

/// <summary>The back channel: token (RFC 6749 §3.2), revocation (RFC 7009) and introspection (RFC 7662).</summary>
public static class TokenEndpoints
{
    /// <summary>Where MCP 2025-03-26 clients that ignore metadata look for the token endpoint (not advertised).</summary>
    public const string LegacyTokenPath = "/token";

    public static IEndpointRouteBuilder MapTokenEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(EndpointPaths.Token, Token).RequireCors(CorsPolicies.BrowserClients);
        app.MapPost(LegacyTokenPath, Token).RequireCors(CorsPolicies.BrowserClients);
        app.MapPost(EndpointPaths.Revoke, Revoke).RequireCors(CorsPolicies.BrowserClients);
        app.MapPost(EndpointPaths.Introspect, Introspect).RequireCors(CorsPolicies.BrowserClients);
        return app;
    }

    private static async Task<IResult> Token(HttpContext context, ISender sender, CancellationToken cancellationToken)
    {
        var (request, error) = await BackChannelRequest.ReadAsync(context.Request, cancellationToken);
        if (request is null)
        {
            return OAuthResponses.Error(error!, context);
        }

        var (form, client) = (request.Form, request.Client);

        OAuthResult<TokenResponse> result = form[OAuthParameters.GrantType] switch
        {
            GrantTypes.AuthorizationCode => await sender.Send(
                new ExchangeAuthorizationCodeCommand(client, form[OAuthParameters.Code], form[OAuthParameters.RedirectUri], form[OAuthParameters.CodeVerifier], form[OAuthParameters.Resource]),
                cancellationToken),
            GrantTypes.RefreshToken => await sender.Send(
                new RefreshAccessTokenCommand(client, form[OAuthParameters.RefreshToken], form[OAuthParameters.Scope], form[OAuthParameters.Resource]),
                cancellationToken),
            null or "" => OAuthError.InvalidRequest("grant_type is required."),
            var other => OAuthError.UnsupportedGrantType($"The grant type '{Truncate(other)}' is not supported. Supported: {string.Join(", ", GrantTypes.Supported)}."),
        };

        if (!result.Succeeded)
        {
            return OAuthResponses.Error(result.Error, context);
        }

        var tokens = result.Value;
        return OAuthResponses.Json(new TokenResponseBody(tokens.AccessToken, tokens.TokenType, tokens.ExpiresIn, tokens.RefreshToken, tokens.Scope), context);
    }

    private static async Task<IResult> Revoke(HttpContext context, ISender sender, CancellationToken cancellationToken)
    {
        var (request, error) = await BackChannelRequest.ReadAsync(context.Request, cancellationToken);
        if (request is null)
        {
            return OAuthResponses.Error(error!, context);
        }

        var (form, client) = (request.Form, request.Client);

        var result = await sender.Send(new RevokeTokenCommand(client, form[OAuthParameters.Token], form[OAuthParameters.TokenTypeHint]), cancellationToken);
        return result.Succeeded ? Results.Ok() : OAuthResponses.Error(result.Error, context);
    }

    private static async Task<IResult> Introspect(HttpContext context, ISender sender, CancellationToken cancellationToken)
    {
        var (request, error) = await BackChannelRequest.ReadAsync(context.Request, cancellationToken);
        if (request is null)
        {
            return OAuthResponses.Error(error!, context);
        }

        var (form, client) = (request.Form, request.Client);

        var result = await sender.Send(new IntrospectTokenQuery(client, form[OAuthParameters.Token], form[OAuthParameters.TokenTypeHint]), cancellationToken);
        return result.Succeeded ? OAuthResponses.Json(IntrospectionResponseBody.From(result.Value), context) : OAuthResponses.Error(result.Error, context);
    }

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
