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
/// unknown key, which is how IdPs rotate. (Not ConfigurationManager: its refresh on request happens in the background,
/// so the id_token that revealed a rotation would still fail; and its throttle runs on the wall clock.)
/// </summary>
public sealed class UpstreamMetadata : IDisposable
{
    /// <summary>At most one refetch per this interval for id_tokens naming an unknown key: no refetch storm.</summary>
    public static readonly TimeSpan UnknownKeyRefetchInterval = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan MaximumAge = TimeSpan.FromHours(12);

    private readonly HttpClient _http;
    private readonly string _address;
    private readonly OverridingRetriever _retriever;
    private readonly HttpDocumentRetriever _documents;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _fetching = new(1, 1);
    private (OpenIdConnectConfiguration Configuration, DateTimeOffset FetchedAt)? _current;
    private DateTimeOffset? _lastUnknownKeyRefetch;
    private int _generation;

    public UpstreamMetadata(IOptions<CleanProxyOptions> options, TimeProvider time)
    {
        var remote = options.Value.Auth.Remote;
        _time = time;
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
        _address = provider is null ? "urn:cleanproxy:static-upstream" : provider + "/.well-known/openid-configuration";
        _documents = new HttpDocumentRetriever(_http) { RequireHttps = !IsLoopback(remote) };
        _retriever = new OverridingRetriever(remote);
    }

    /// <summary>The cached metadata, fetched when missing or older than 12 hours (the last good copy is kept if that fails).</summary>
    /// <exception cref="InvalidOperationException">No metadata could be had at all.</exception>
    public async Task<OpenIdConnectConfiguration> GetAsync(CancellationToken cancellationToken)
    {
        if (_current is { } current && _time.GetUtcNow() - current.FetchedAt < MaximumAge)
        {
            return current.Configuration;
        }

        return await FetchAsync(force: false, cancellationToken);
    }

    /// <summary>
    /// An id_token named a key we do not know: the IdP may have rotated its keys, so fetch once — unless a refetch
    /// happened within <see cref="UnknownKeyRefetchInterval"/>. Null when throttled or the fetch failed.
    /// </summary>
    public async Task<OpenIdConnectConfiguration?> RefetchForUnknownKeyAsync(CancellationToken cancellationToken)
    {
        await _fetching.WaitAsync(cancellationToken);
        try
        {
            var now = _time.GetUtcNow();
            if (_lastUnknownKeyRefetch is { } last && now - last < UnknownKeyRefetchInterval)
            {
                return null;
            }

            _lastUnknownKeyRefetch = now;
        }
        finally
        {
            _fetching.Release();
        }

        try
        {
            return await FetchAsync(force: true, cancellationToken);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _fetching.Dispose();
    }

    /// <summary>One fetch at a time; callers that waited reuse a fetch that completed meanwhile.</summary>
    private async Task<OpenIdConnectConfiguration> FetchAsync(bool force, CancellationToken cancellationToken)
    {
        var generationSeen = Volatile.Read(ref _generation);
        await _fetching.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } current && (force ? _generation != generationSeen : _time.GetUtcNow() - current.FetchedAt < MaximumAge))
            {
                return current.Configuration;
            }

            try
            {
                var configuration = await _retriever.GetConfigurationAsync(_address, _documents, cancellationToken);
                _current = (configuration, _time.GetUtcNow());
                Interlocked.Increment(ref _generation);
                return configuration;
            }
            catch (Exception exception) when (exception is IOException or HttpRequestException or TaskCanceledException or ArgumentException or System.Text.Json.JsonException)
            {
                // Keep serving the last good copy; without one, the caller reports the IdP as unavailable.
                return _current?.Configuration ?? throw new InvalidOperationException("The upstream metadata could not be retrieved.", exception);
            }
        }
        finally
        {
            _fetching.Release();
        }
    }

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
