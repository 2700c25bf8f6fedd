using System.Net;
using CleanProxy.Application.Common.Options;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace CleanProxy.Infrastructure.Upstream;

/// <summary>
/// The upstream IdP's endpoints and signing keys: OIDC discovery of <c>Auth:Remote:Provider</c>, with the configured
/// endpoint overrides and inline JWKS applied on top. Cached, and refreshed (throttled) when an id_token names an
/// unknown key, which is how IdPs rotate.
/// </summary>
public sealed class UpstreamMetadata : IDisposable
{
    private readonly HttpClient _http;

    public UpstreamMetadata(IOptions<CleanProxyOptions> options)
    {
        var remote = options.Value.Auth.Remote;
        _http = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
        })
        {
            Timeout = TimeSpan.FromSeconds(remote.TimeoutSeconds),
            MaxResponseContentBufferSize = 1024 * 1024,
        };

        var provider = remote.Provider?.TrimEnd('/');
        var address = provider is null ? "urn:cleanproxy:static-upstream" : provider + "/.well-known/openid-configuration";
        var retriever = new HttpDocumentRetriever(_http) { RequireHttps = !IsLoopback(remote) };
        Manager = new ConfigurationManager<OpenIdConnectConfiguration>(address, new OverridingRetriever(remote), retriever)
        {
            AutomaticRefreshInterval = TimeSpan.FromHours(12),
            RefreshInterval = TimeSpan.FromSeconds(30),
        };
    }

    public ConfigurationManager<OpenIdConnectConfiguration> Manager { get; }

    public Task<OpenIdConnectConfiguration> GetAsync(CancellationToken cancellationToken) => Manager.GetConfigurationAsync(cancellationToken);

    public void Dispose() => _http.Dispose();

    /// <summary>Plain http is accepted only for an IdP on this machine (development); anything else must use https.</summary>
    private static bool IsLoopback(RemoteOptions remote)
        => new[] { remote.Provider, remote.AuthEndpoint, remote.TokenEndpoint, remote.JwksUri, remote.UserInfoEndpoint }
            .Where(u => u is not null)
            .All(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.IsLoopback);

    private sealed class OverridingRetriever(RemoteOptions remote) : IConfigurationRetriever<OpenIdConnectConfiguration>
    {
        public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
        {
            var configuration = remote.Provider is null
                ? new OpenIdConnectConfiguration { Issuer = null }
                : await OpenIdConnectConfigurationRetriever.GetAsync(address, retriever, cancel);

            // OpenID Connect Discovery §4.3: the document must be about the issuer it was fetched for.
            if (remote.Provider is not null && !string.Equals(configuration.Issuer?.TrimEnd('/'), remote.Provider.TrimEnd('/'), StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The discovery document's issuer '{configuration.Issuer}' differs from Auth:Remote:Provider.");
            }

            configuration.AuthorizationEndpoint = remote.AuthEndpoint ?? configuration.AuthorizationEndpoint;
            configuration.TokenEndpoint = remote.TokenEndpoint ?? configuration.TokenEndpoint;
            configuration.UserInfoEndpoint = remote.UserInfoEndpoint ?? configuration.UserInfoEndpoint;

            string? jwks = remote.Jwks;
            if (jwks is null && remote.JwksUri is not null)
            {
                jwks = await retriever.GetDocumentAsync(remote.JwksUri, cancel);
            }

            if (jwks is not null)
            {
                configuration.SigningKeys.Clear();
                foreach (var key in new JsonWebKeySet(jwks).GetSigningKeys())
                {
                    configuration.SigningKeys.Add(key);
                }
            }

            if (string.IsNullOrEmpty(configuration.AuthorizationEndpoint) || string.IsNullOrEmpty(configuration.TokenEndpoint))
            {
                throw new InvalidOperationException("The upstream identity provider has no authorization or token endpoint.");
            }

            return configuration;
        }
    }
}
