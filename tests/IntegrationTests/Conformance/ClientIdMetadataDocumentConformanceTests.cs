using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using CleanProxy.Domain.Authorization;
using CleanProxy.IntegrationTests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CleanProxy.IntegrationTests.Conformance;

/// <summary>
/// Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document, MCP 2025-11-25 SEP-991): an https URL
/// as client_id, fetched safely and validated. The documents are served on loopback over http, which only the test
/// escape hatch <c>Registration:ClientIdMetadataDocuments:AllowLoopbackForTesting</c> permits; the last tests run
/// without it and prove loopback, private and metadata addresses and plain http are refused.
/// </summary>
public sealed class ClientIdMetadataDocumentConformanceTests(ClientIdMetadataDocumentConformanceTests.Stacks stacks)
    : IClassFixture<ClientIdMetadataDocumentConformanceTests.Stacks>
{
    private readonly DocumentServer _documents = stacks.Documents;
    private readonly ProxyStack _stack = stacks.Loopback;

    /// <summary>One document server, one stack with the test escape hatch and one without, shared by the class.</summary>
    public sealed class Stacks : IAsyncLifetime
    {
        public DocumentServer Documents { get; } = new();

        public ProxyStack Loopback { get; } = new(new Dictionary<string, string?>
        {
            ["CleanProxy:Registration:ClientIdMetadataDocuments:AllowLoopbackForTesting"] = "true",
            ["CleanProxy:Registration:ClientIdMetadataDocuments:TimeoutSeconds"] = "1",
        });

        public ProxyStack Strict { get; } = new();

        public async ValueTask InitializeAsync()
        {
            await Documents.StartAsync();
            await Loopback.InitializeAsync();
            await Strict.InitializeAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await Strict.DisposeAsync();
            await Loopback.DisposeAsync();
            await Documents.DisposeAsync();
        }
    }

    [Fact]
    public async Task Metadata_AdvertisesUrlClientIds()
    {
        using var http = new HttpClient();
        var metadata = JsonNode.Parse(await http.GetStringAsync(_stack.ProxyUrl + "/.well-known/oauth-authorization-server"))!;

        Assert.True(metadata["client_id_metadata_document_supported"]!.GetValue<bool>());
    }

    [Fact]
    public async Task UrlClientId_SignsIn_GetsTokens_AndRefreshes()
    {
        var clientId = _documents.Url("/good");
        var verifier = Pkce.CreateVerifier();
        using var browser = new UserAgent();

        var redirect = await browser.SignInAsync(AuthorizeUrl(clientId, Pkce.ComputeS256Challenge(verifier)), OAuthTestClient.RedirectUri);

        using var oauth = new OAuthTestClient(_stack);
        var client = new RegisteredTestClient(clientId, null, "none", OAuthTestClient.RedirectUri);
        var tokens = await oauth.ExchangeCodeAsync(client, UserAgent.QueryOf(redirect)["code"], verifier);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        Assert.Equal(HttpStatusCode.OK, (await oauth.RefreshAsync(client, tokens.RefreshToken)).Status);
    }

    [Fact]
    public async Task DocumentIsCached_PerItsCacheControl()
    {
        await AuthorizeAsync(_documents.Url("/cached"));
        await AuthorizeAsync(_documents.Url("/cached"));

        Assert.Equal(1, _documents.Hits("/cached"));
    }

    [Fact]
    public async Task NoStoreDocument_IsFetchedEachTime()
    {
        await AuthorizeAsync(_documents.Url("/no-store"));
        await AuthorizeAsync(_documents.Url("/no-store"));

        Assert.Equal(2, _documents.Hits("/no-store"));
    }

    [Fact]
    public async Task FailedFetch_IsNotCached()
    {
        var first = await AuthorizeAsync(_documents.Url("/flaky"));
        var second = await AuthorizeAsync(_documents.Url("/flaky"));

        Assert.Equal(HttpStatusCode.BadRequest, first.StatusCode);
        Assert.Equal(HttpStatusCode.Found, second.StatusCode);
    }

    [Theory]
    [InlineData("/mismatch")] // client_id in the document differs from its URL
    [InlineData("/redirect")] // redirects are not followed
    [InlineData("/oversized")] // more than 5 KiB
    [InlineData("/slow")] // slower than the timeout
    [InlineData("/shared-secret")] // client_secret_* methods need a secret no document can carry
    [InlineData("/bad-redirect-uri")] // javascript: redirect URI
    [InlineData("/not-json")]
    [InlineData("/missing")] // 404
    public async Task UnusableDocument_GetsAnErrorPage_NeverARedirect(string path)
    {
        using var response = await AuthorizeAsync(_documents.Url(path));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task UnregisteredRedirectUri_GetsAnErrorPage()
    {
        using var browser = new UserAgent();
        var url = AuthorizeUrl(_documents.Url("/good"), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM").Replace(Uri.EscapeDataString(OAuthTestClient.RedirectUri), Uri.EscapeDataString("https://attacker.example/cb"), StringComparison.Ordinal);

        using var response = await browser.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task UrlClientIdPresentingASecret_Is401InvalidClient()
    {
        using var oauth = new OAuthTestClient(_stack);
        var client = new RegisteredTestClient(_documents.Url("/good"), "a-secret", "client_secret_post", OAuthTestClient.RedirectUri);

        var answer = await oauth.RefreshAsync(client, "frt_unknown");

        answer.AssertError(HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Theory]
    [InlineData("https://127.0.0.1:{port}/never")] // loopback
    [InlineData("https://localhost:{port}/never")] // resolves to loopback
    [InlineData("https://10.0.0.1/client.json")] // private
    [InlineData("https://169.254.169.254/latest/meta-data")] // cloud metadata, link-local
    [InlineData("https://[::1]:{port}/never")]
    [InlineData("http://app.example/client.json")] // not https
    [InlineData("https://app.example")] // no path
    [InlineData("https://app.example/client.json#x")] // fragment
    public async Task WithoutTheTestEscapeHatch_UnsafeUrls_AreRefused(string template)
    {
        var strict = stacks.Strict;
        var clientId = template.Replace("{port}", _documents.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });

        using var response = await http.GetAsync(AuthorizeUrl(clientId, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", strict));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, _documents.Hits("/never"));
    }

    private async Task<HttpResponseMessage> AuthorizeAsync(string clientId)
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        return await http.GetAsync(AuthorizeUrl(clientId, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
    }

    private string AuthorizeUrl(string clientId, string challenge, ProxyStack? stack = null)
    {
        var target = stack ?? _stack;
        return new OAuthTestClient(target).AuthorizeUrl(new RegisteredTestClient(clientId, null, "none", OAuthTestClient.RedirectUri), challenge);
    }

    /// <summary>Serves client metadata documents on loopback, good and bad, and counts the fetches.</summary>
    public sealed class DocumentServer : IAsyncDisposable
    {
        private readonly ConcurrentDictionary<string, int> _hits = new();
        private WebApplication? _app;

        public int Port { get; } = FreePort.Next();

        public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

        public int Hits(string path) => _hits.GetValueOrDefault(path);

        public async Task StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
            builder.Logging.ClearProviders();
            _app = builder.Build();
            _app.Use(async (context, next) =>
            {
                _hits.AddOrUpdate(context.Request.Path.Value!, 1, (_, n) => n + 1);
                await next(context);
            });
            _app.MapGet("/good", (HttpContext c) => Document(c, Url("/good"), "max-age=300"));
            _app.MapGet("/cached", (HttpContext c) => Document(c, Url("/cached"), "max-age=300"));
            _app.MapGet("/never", (HttpContext c) => Document(c, Url("/never"), "max-age=300"));
            _app.MapGet("/no-store", (HttpContext c) => Document(c, Url("/no-store"), "no-store"));
            _app.MapGet("/flaky", (HttpContext c) => Hits("/flaky") == 1 ? Results.StatusCode(500) : Document(c, Url("/flaky"), "max-age=300"));
            _app.MapGet("/mismatch", (HttpContext c) => Document(c, Url("/other"), "max-age=300"));
            _app.MapGet("/redirect", () => Results.Redirect(Url("/good")));
            _app.MapGet("/oversized", (HttpContext c) => Document(c, Url("/oversized"), "max-age=300", clientName: new string('x', 6000)));
            _app.MapGet("/slow", async (HttpContext c) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(5), c.RequestAborted);
                return Document(c, Url("/slow"), "max-age=300");
            });
            _app.MapGet("/shared-secret", (HttpContext c) => Document(c, Url("/shared-secret"), "max-age=300", authMethod: "client_secret_basic"));
            _app.MapGet("/bad-redirect-uri", (HttpContext c) => Document(c, Url("/bad-redirect-uri"), "max-age=300", redirectUri: "javascript:alert(1)"));
            _app.MapGet("/not-json", () => Results.Text("<html>hello</html>", "text/html"));
            await _app.StartAsync();
        }

        public async ValueTask DisposeAsync()
        {
            if (_app is not null)
            {
                await _app.StopAsync();
                await _app.DisposeAsync();
            }
        }

        private static IResult Document(HttpContext context, string clientId, string cacheControl, string? clientName = null, string authMethod = "none", string redirectUri = OAuthTestClient.RedirectUri)
        {
            context.Response.Headers.CacheControl = cacheControl;
            var document = new JsonObject
            {
                ["client_id"] = clientId,
                ["client_name"] = clientName ?? "Metadata document client",
                ["redirect_uris"] = new JsonArray(redirectUri),
                ["grant_types"] = new JsonArray("authorization_code", "refresh_token"),
                ["response_types"] = new JsonArray("code"),
                ["token_endpoint_auth_method"] = authMethod,
            };
            return Results.Text(document.ToJsonString(), "application/json");
        }
    }
}
