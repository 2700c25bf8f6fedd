using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using CleanProxy.Application.Common.Interfaces;
using CleanProxy.Application.Common.OAuth;
using CleanProxy.Application.Common.Options;
using CleanProxy.Domain.Clients;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CleanProxy.Infrastructure.Clients;

/// <summary>
/// Fetches Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document) without becoming an SSRF
/// tool: https only, no redirects, a timeout, a 5 KiB cap, and a connection only to addresses that resolve to public
/// unicast (checked on the resolved address that is then connected to, so DNS rebinding cannot slip in between).
/// Valid documents are cached per their Cache-Control; failures are not cached.
/// </summary>
internal sealed partial class ClientMetadataDocumentFetcher : IClientMetadataDocuments, IDisposable
{
    public const int MaxBytes = 5 * 1024;
    private const int MaxClientIdLength = 200;
    private const int MaxRedirectUris = 20;

    private readonly IOptions<CleanProxyOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ClientMetadataDocumentFetcher> _logger;
    private readonly HttpClient _http;
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 10_000 });

    public ClientMetadataDocumentFetcher(IOptions<CleanProxyOptions> options, TimeProvider time, ILogger<ClientMetadataDocumentFetcher> logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectCallback = ConnectToPublicAddressAsync,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan, // the per-fetch timeout below covers connect, headers and body
            MaxResponseContentBufferSize = MaxBytes + 1,
        };
        _http.DefaultRequestHeaders.Accept.ParseAdd("application/json");
    }

    private ClientIdMetadataDocumentOptions Settings => _options.Value.Registration.ClientIdMetadataDocuments;

    public async Task<OAuthResult<ClientMetadataDocument>> GetAsync(string clientIdUrl, CancellationToken cancellationToken)
    {
        if (CheckUrl(clientIdUrl, Settings.AllowLoopbackForTesting) is { } urlProblem)
        {
            return Refused(clientIdUrl, urlProblem);
        }

        if (_cache.TryGetValue(clientIdUrl, out CachedDocument? cached) && cached!.ExpiresAt > _time.GetUtcNow())
        {
            return cached.Document;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(Settings.TimeoutSeconds));
        try
        {
            using var response = await _http.GetAsync(clientIdUrl, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var (document, problem) = await ReadAsync(clientIdUrl, response, timeout.Token);
            if (document is null)
            {
                return Refused(clientIdUrl, problem!);
            }

            Cache(clientIdUrl, document, response.Headers.CacheControl);
            return document;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Refused(clientIdUrl, $"it did not arrive within {Settings.TimeoutSeconds} s");
        }
        catch (HttpRequestException exception)
        {
            return Refused(clientIdUrl, exception.InnerException is BlockedAddressException blocked ? blocked.Message : "it could not be fetched");
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _cache.Dispose();
    }

    /// <summary>Null when the URL may be fetched; otherwise why not.</summary>
    public static string? CheckUrl(string url, bool allowLoopbackForTesting)
    {
        if (url.Length > MaxClientIdLength)
        {
            return $"a URL client id must be at most {MaxClientIdLength} characters";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return "the client id is not an absolute URL";
        }

        var httpAllowed = allowLoopbackForTesting && uri.IsLoopback;
        if (uri.Scheme != Uri.UriSchemeHttps && !(httpAllowed && uri.Scheme == Uri.UriSchemeHttp))
        {
            return "a URL client id must use https";
        }

        if (url.Contains('#', StringComparison.Ordinal) || uri.UserInfo.Length > 0)
        {
            return "a URL client id must not have a fragment or user info";
        }

        var path = uri.AbsolutePath;
        if (path.Length <= 1)
        {
            return "a URL client id must have a path";
        }

        var rawPath = url[(url.IndexOf("//", StringComparison.Ordinal) + 2)..];
        rawPath = rawPath.Contains('/', StringComparison.Ordinal) ? rawPath[rawPath.IndexOf('/', StringComparison.Ordinal)..] : string.Empty;
        if (rawPath.Split('?')[0].Split('/').Any(segment => segment is "." or ".."))
        {
            return "a URL client id must not contain dot segments";
        }

        return null;
    }

    private static async Task<(ClientMetadataDocument? Document, string? Problem)> ReadAsync(string url, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (status is >= 300 and < 400)
        {
            return (null, "it redirects, and redirects are not followed");
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (null, $"it answered HTTP {status}");
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType ?? string.Empty;
        if (!mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) && !mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, "it is not JSON");
        }

        if (response.Content.Headers.ContentLength > MaxBytes)
        {
            return (null, $"it is larger than {MaxBytes} bytes");
        }

        var body = new byte[MaxBytes + 1];
        var length = 0;
        await using (var stream = await response.Content.ReadAsStreamAsync(cancellationToken))
        {
            int read;
            while (length < body.Length && (read = await stream.ReadAsync(body.AsMemory(length), cancellationToken)) > 0)
            {
                length += read;
            }
        }

        if (length > MaxBytes)
        {
            return (null, $"it is larger than {MaxBytes} bytes");
        }

        try
        {
            using var json = JsonDocument.Parse(body.AsMemory(0, length));
            return Validate(url, json.RootElement);
        }
        catch (JsonException)
        {
            return (null, "it is not valid JSON");
        }
    }

    private static (ClientMetadataDocument? Document, string? Problem) Validate(string url, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, "it is not a JSON object");
        }

        if (!root.TryGetProperty("client_id", out var clientId) || clientId.ValueKind != JsonValueKind.String || clientId.GetString() != url)
        {
            return (null, "its client_id is not exactly the URL it was fetched from");
        }

        var authMethod = root.TryGetProperty("token_endpoint_auth_method", out var method) && method.ValueKind == JsonValueKind.String
            ? method.GetString()
            : ClientAuthenticationMethod.None;
        if (authMethod != ClientAuthenticationMethod.None)
        {
            return (null, authMethod!.StartsWith("client_secret", StringComparison.Ordinal)
                ? "it names a shared-secret authentication method, which a public document cannot carry a secret for"
                : $"its token_endpoint_auth_method '{authMethod}' is not supported (only none)");
        }

        if (!root.TryGetProperty("redirect_uris", out var uris) || uris.ValueKind != JsonValueKind.Array
            || uris.GetArrayLength() is 0 or > MaxRedirectUris || uris.EnumerateArray().Any(u => u.ValueKind != JsonValueKind.String))
        {
            return (null, $"redirect_uris must list 1 to {MaxRedirectUris} URIs");
        }

        var redirectUris = uris.EnumerateArray().Select(u => u.GetString()!).Distinct(StringComparer.Ordinal).ToList();
        if (redirectUris.Select(RedirectUriPolicy.Check).FirstOrDefault(p => p is not null) is { } uriProblem)
        {
            return (null, "a redirect URI is invalid: " + uriProblem);
        }

        // Like registration: unsupported grant types are narrowed away; none listed gets both.
        var grantTypes = root.TryGetProperty("grant_types", out var grants) && grants.ValueKind == JsonValueKind.Array
            ? GrantTypes.Supported.Where(g => grants.EnumerateArray().Any(e => e.ValueKind == JsonValueKind.String && e.GetString() == g)).ToList()
            : [.. GrantTypes.Supported];
        if (!grantTypes.Contains(GrantTypes.AuthorizationCode))
        {
            return (null, "grant_types must include authorization_code");
        }

        var name = root.TryGetProperty("client_name", out var clientName) && clientName.ValueKind == JsonValueKind.String ? clientName.GetString() : null;
        return (new ClientMetadataDocument(url, redirectUris, grantTypes, name is { Length: > 200 } ? name[..200] : name), null);
    }

    private void Cache(string url, ClientMetadataDocument document, System.Net.Http.Headers.CacheControlHeaderValue? cacheControl)
    {
        if (cacheControl is { NoStore: true } or { NoCache: true })
        {
            return;
        }

        var seconds = cacheControl?.MaxAge is { } maxAge ? (int)Math.Min(maxAge.TotalSeconds, Settings.MaxCacheSeconds) : Settings.DefaultCacheSeconds;
        if (seconds <= 0)
        {
            return;
        }

        var lifetime = TimeSpan.FromSeconds(seconds);
        _cache.Set(url, new CachedDocument(document, _time.GetUtcNow() + lifetime), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = lifetime });
    }

    private OAuthError Refused(string url, string problem)
    {
        LogRefused(_logger, url, problem);
        return OAuthError.InvalidClient($"The client metadata document at the client_id URL cannot be used: {problem}.");
    }

    private async ValueTask<Stream> ConnectToPublicAddressAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host.Trim('[', ']');
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);

        // Every address must be public: a name that also resolves to an internal one is refused outright.
        if (addresses.Length == 0 || addresses.Any(a => !OutboundAddressPolicy.IsAllowed(a, Settings.AllowLoopbackForTesting)))
        {
            throw new BlockedAddressException("its host resolves to an address the proxy does not connect to (loopback, private, link-local or reserved)");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Client metadata document {Url} refused: {Problem}")]
    private static partial void LogRefused(ILogger logger, string url, string problem);

    private sealed record CachedDocument(ClientMetadataDocument Document, DateTimeOffset ExpiresAt);

    private sealed class BlockedAddressException(string message) : IOException(message);
}
