using System.Text.Json.Nodes;
using CleanProxy.Application.Common.OAuth;
using CleanProxy.Application.Common.Options;
using CleanProxy.Application.Keys.Queries.GetJsonWebKeySet;
using CleanProxy.Domain.Authorization;
using CleanProxy.Domain.Clients;
using CleanProxy.WebApi.Http;
using Mediator;
using Microsoft.Extensions.Options;
using static CleanProxy.Application.Common.Options.CleanProxyOptions;

namespace CleanProxy.WebApi.Endpoints;

/// <summary>Discovery: authorization server metadata (RFC 8414), protected resource metadata (RFC 9728), JWKS.</summary>
public static class MetadataEndpoints
{
    public const string ProtectedResourceMetadataPath = "/.well-known/oauth-protected-resource";

    public static IEndpointRouteBuilder MapMetadataEndpoints(this IEndpointRouteBuilder app, CleanProxyOptions options)
    {
        app.MapGet("/.well-known/oauth-authorization-server", AuthorizationServerMetadata).RequireCors(CorsPolicies.BrowserClients);
        app.MapGet("/.well-known/openid-configuration", AuthorizationServerMetadata).RequireCors(CorsPolicies.BrowserClients);

        // RFC 9728 §3.1: the path of the resource is inserted after the well-known prefix; the root form is for
        // clients that only know the origin.
        app.MapGet(ProtectedResourceMetadataPath + options.Gateway.Path, ProtectedResourceMetadata).RequireCors(CorsPolicies.BrowserClients);
        app.MapGet(ProtectedResourceMetadataPath, ProtectedResourceMetadata).RequireCors(CorsPolicies.BrowserClients);

        app.MapGet(EndpointPaths.Jwks, JsonWebKeySet).RequireCors(CorsPolicies.BrowserClients);
        return app;
    }

    public static string ProtectedResourceMetadataUrl(CleanProxyOptions options)
        => options.Issuer + ProtectedResourceMetadataPath + options.Gateway.Path;

    private static IResult AuthorizationServerMetadata(IOptions<CleanProxyOptions> options)
    {
        var o = options.Value;
        return Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = o.Issuer,
            ["authorization_endpoint"] = o.Issuer + EndpointPaths.Authorize,
            ["token_endpoint"] = o.Issuer + EndpointPaths.Token,
            ["registration_endpoint"] = o.Issuer + EndpointPaths.Register,
            ["revocation_endpoint"] = o.Issuer + EndpointPaths.Revoke,
            ["introspection_endpoint"] = o.Issuer + EndpointPaths.Introspect,
            ["jwks_uri"] = o.Issuer + EndpointPaths.Jwks,
            ["response_types_supported"] = new[] { ResponseTypes.Code },
            ["response_modes_supported"] = new[] { "query" },
            ["grant_types_supported"] = GrantTypes.Supported,
            ["code_challenge_methods_supported"] = new[] { Pkce.S256 },
            ["token_endpoint_auth_methods_supported"] = ClientAuthenticationMethod.Supported,
            ["revocation_endpoint_auth_methods_supported"] = ClientAuthenticationMethod.Supported,
            ["introspection_endpoint_auth_methods_supported"] = new[] { ClientAuthenticationMethod.ClientSecretBasic, ClientAuthenticationMethod.ClientSecretPost },
            ["scopes_supported"] = o.Auth.EffectiveScopesSupported,
            ["authorization_response_iss_parameter_supported"] = true,

            // Stated rather than omitted (MCP 2025-11-25): SDKs use URL client ids only when this is true.
            ["client_id_metadata_document_supported"] = o.Registration.ClientIdMetadataDocuments.Enabled,
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "ES256" },
        });
    }

    private static IResult ProtectedResourceMetadata(IOptions<CleanProxyOptions> options)
    {
        var o = options.Value;
        return Results.Json(new Dictionary<string, object>
        {
            ["resource"] = o.Resource,
            ["authorization_servers"] = new[] { o.Issuer },
            ["bearer_methods_supported"] = new[] { "header" },
            ["scopes_supported"] = o.Auth.EffectiveScopesSupported,
            ["resource_name"] = "MCP server behind CleanProxy",
        });
    }

    private static async Task<IResult> JsonWebKeySet(ISender sender, HttpContext context, CancellationToken cancellationToken)
    {
        var keys = await sender.Send(new GetJsonWebKeySetQuery(), cancellationToken);
        var set = new JsonObject { ["keys"] = new JsonArray(keys.Select(k => JsonNode.Parse(k)).ToArray()) };
        context.Response.Headers.CacheControl = "public, max-age=300";
        return Results.Content(set.ToJsonString(), "application/json");
    }
}
