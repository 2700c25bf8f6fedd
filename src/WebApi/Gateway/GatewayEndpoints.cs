using System.Net;
using CleanProxy.Application.Common.OAuth;
using CleanProxy.Application.Common.Options;
using CleanProxy.Application.Gateway.Queries.AuthorizeGatewayRequest;
using CleanProxy.WebApi.Endpoints;
using CleanProxy.WebApi.Http;
using Mediator;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace CleanProxy.WebApi.Gateway;

/// <summary>
/// The MCP endpoint: only the proxy's own valid access tokens for this resource get through, and the request is
/// forwarded to the backend MCP server with the user's upstream access token instead. Responses (JSON or SSE) stream
/// back unbuffered through YARP's forwarder.
/// </summary>
public static class GatewayEndpoints
{
    public static IEndpointRouteBuilder MapGatewayEndpoints(this IEndpointRouteBuilder app, CleanProxyOptions options)
    {
        app.Map(options.Gateway.Path, Forward).RequireCors(CorsPolicies.BrowserClients);
        app.Map(options.Gateway.Path + "/{**rest}", Forward).RequireCors(CorsPolicies.BrowserClients);
        return app;
    }

    private static async Task Forward(
        HttpContext context,
        ISender sender,
        IHttpForwarder forwarder,
        GatewayHttpClient backend,
        IOptions<CleanProxyOptions> options,
        ILoggerFactory loggers)
    {
        var token = BearerToken.Read(context.Request);
        if (token is null)
        {
            await Challenge(context, options.Value, error: null);
            return;
        }

        var grant = await sender.Send(new AuthorizeGatewayRequestQuery(token), context.RequestAborted);
        if (!grant.Succeeded && grant.Error.Code is not (OAuthErrorCodes.InvalidToken or OAuthErrorCodes.InsufficientScope))
        {
            // The token is fine but the upstream sign-in could not be renewed right now: retry, do not re-authorize.
            await Unavailable(context, grant.Error);
            return;
        }

        if (!grant.Succeeded)
        {
            await Challenge(context, options.Value, grant.Error);
            return;
        }

        var transformer = new UpstreamTokenTransformer(options.Value.Gateway, grant.Value.UpstreamAccessToken);
        var error = await forwarder.SendAsync(context, options.Value.Gateway.Backend, backend.Invoker, ForwarderRequestConfig.Empty, transformer);
        if (error != ForwarderError.None)
        {
            loggers.CreateLogger(typeof(GatewayEndpoints)).LogWarning("Gateway forwarding failed: {Error}", error);
            if (!context.Response.HasStarted && context.Response.StatusCode < 500)
            {
                context.Response.StatusCode = StatusCodes.Status502BadGateway;
            }
        }
    }

    /// <summary>
    /// RFC 6750 §3 and RFC 9728 §5.1: one Bearer challenge naming the protected resource metadata, with
    /// <c>error="invalid_token"</c> when a token was presented and refused; <c>insufficient_scope</c> is a 403 that
    /// names the scopes to ask for (clients use it to step up).
    /// </summary>
    private static Task Challenge(HttpContext context, CleanProxyOptions options, OAuthError? error)
    {
        var challenge = $"Bearer resource_metadata=\"{MetadataEndpoints.ProtectedResourceMetadataUrl(options)}\"";
        if (error is not null)
        {
            challenge += $", error=\"{error.Code}\", error_description=\"{Quote(error.Description)}\"";
        }

        var insufficientScope = error?.Code == OAuthErrorCodes.InsufficientScope;
        if (insufficientScope)
        {
            challenge += $", scope=\"{Quote(string.Join(' ', options.Gateway.RequiredScopes ?? []))}\"";
        }

        context.Response.StatusCode = insufficientScope ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = challenge;
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsJsonAsync(
            new OAuthErrorBody(error?.Code ?? OAuthErrorCodes.InvalidToken, error?.Description ?? "An access token is required."),
            OAuthJson.Options);
    }

    private static Task Unavailable(HttpContext context, OAuthError error)
    {
        // 503 for a transient IdP failure; anything else the IdP answered is a bad gateway, not this proxy's fault.
        context.Response.StatusCode = error.Code == OAuthErrorCodes.TemporarilyUnavailable
            ? StatusCodes.Status503ServiceUnavailable
            : StatusCodes.Status502BadGateway;
        context.Response.Headers.RetryAfter = "5";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsJsonAsync(new OAuthErrorBody(error.Code, error.Description), OAuthJson.Options);
    }

    /// <summary>Quoted-string content: no quotes or backslashes, printable ASCII only (RFC 6750 §3).</summary>
    private static string Quote(string value)
        => new(value.Where(c => c is >= ' ' and <= '~' and not '"' and not '\\').ToArray());

    /// <summary>Replaces the client's token with the upstream one and targets the configured backend URL.</summary>
    private sealed class UpstreamTokenTransformer(GatewayOptions gateway, string upstreamAccessToken) : HttpTransformer
    {
        public override async ValueTask TransformRequestAsync(
            HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
        {
            await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);

            // /mcp → backend URL; /mcp/x → backend URL + /x.
            var rest = httpContext.Request.Path.Value is { } path && path.Length > gateway.Path.Length ? path[gateway.Path.Length..] : string.Empty;
            proxyRequest.RequestUri = new Uri(gateway.Backend.TrimEnd('/') + rest + httpContext.Request.QueryString.Value, UriKind.Absolute);
            proxyRequest.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", upstreamAccessToken);

            // The proxy's own credentials and cookies are for the proxy, not the MCP server.
            proxyRequest.Headers.Remove("Cookie");
            proxyRequest.Headers.Host = null;

            // The MCP server learns the client's address and scheme from the proxy alone: what the client claimed in
            // forwarded headers is dropped (a trusted load balancer's were already applied to the connection).
            foreach (var header in (string[])["Forwarded", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Prefix", "X-Real-IP"])
            {
                proxyRequest.Headers.Remove(header);
            }

            if (httpContext.Connection.RemoteIpAddress is { } client)
            {
                proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-For", client.ToString());
            }

            proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-Proto", httpContext.Request.Scheme);
        }
    }
}

/// <summary>One pooled client for forwarding, shaped for proxying: no redirects, cookies, decompression or proxy.</summary>
public sealed class GatewayHttpClient : IDisposable
{
    public HttpMessageInvoker Invoker { get; } = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        EnableMultipleHttp2Connections = true,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    });

    public void Dispose() => Invoker.Dispose();
}
