using CleanProxy.Infrastructure.Persistence;
using CleanProxy.WebApi;
using DevIdentityProvider;
using EchoMcpServer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CleanProxy.IntegrationTests.Support;

/// <summary>
/// The real thing on loopback: the development IdP, the sample MCP server and CleanProxy, each a real Kestrel server,
/// with CleanProxy on its own SQLite file migrated by its real migrations. The proxy's clock is a FakeTimeProvider
/// starting at the real time, so tests can make codes and tokens expire.
/// </summary>
public class ProxyStack : IAsyncLifetime
{
    public const string UpstreamClientId = "cleanproxy";
    public const string UpstreamClientSecret = "cleanproxy-test-secret";

    private readonly IDictionary<string, string?> _proxySettingOverrides;
    private readonly IDictionary<string, string?> _mcpServerSettingOverrides;
    private readonly string _databaseDirectory = Path.Combine(Path.GetTempPath(), "cleanproxy-tests", Guid.NewGuid().ToString("N"));
    private WebApplication? _identityProvider;
    private WebApplication? _mcpServer;
    private WebApplication? _proxy;
    private readonly List<string> _additionalProxyUrls = [];
    private readonly List<WebApplication> _additionalProxies = [];
    private Dictionary<string, string?> _proxySettings = [];

    public ProxyStack()
        : this(new Dictionary<string, string?>())
    {
    }

    /// <summary>A stack whose proxy gets these settings on top of the defaults (internal: xunit fixtures need one public constructor).</summary>
    internal ProxyStack(IDictionary<string, string?> proxySettings)
        : this(proxySettings, new Dictionary<string, string?>())
    {
    }

    /// <summary>A stack whose proxy and MCP server get these settings on top of the defaults (e.g. another upstream IdP).</summary>
    internal ProxyStack(IDictionary<string, string?> proxySettings, IDictionary<string, string?> mcpServerSettings)
    {
        _proxySettingOverrides = proxySettings;
        _mcpServerSettingOverrides = mcpServerSettings;
    }

    /// <summary>
    /// A stack with <paramref name="proxyInstances"/> proxy hosts sharing one database and one issuer, started at the
    /// same moment (as behind a load balancer). <see cref="ProxyUrl"/> is the first; the others listen on their own ports.
    /// </summary>
    internal ProxyStack(IDictionary<string, string?> proxySettings, int proxyInstances)
        : this(proxySettings)
        => _additionalProxyUrls = Enumerable.Range(1, proxyInstances - 1).Select(_ => $"http://127.0.0.1:{FreePort.Next()}").ToList();

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>Everything the proxy logged, at every level.</summary>
    public CapturedLogs ProxyLogs { get; } = new();

    public string ProxyUrl { get; } = $"http://127.0.0.1:{FreePort.Next()}";

    public string IdentityProviderUrl { get; } = $"http://127.0.0.1:{FreePort.Next()}";

    public string McpServerUrl { get; } = $"http://127.0.0.1:{FreePort.Next()}";

    public string McpUrl => ProxyUrl + "/mcp";

    public IServiceProvider ProxyServices => _proxy!.Services;

    /// <summary>Every proxy instance's own listening URL, <see cref="ProxyUrl"/> first (all share the issuer <see cref="ProxyUrl"/>).</summary>
    public IReadOnlyList<string> ProxyInstanceUrls => [ProxyUrl, .. _additionalProxyUrls];

    /// <summary>The services of each proxy instance, in the order of <see cref="ProxyInstanceUrls"/>.</summary>
    public IReadOnlyList<IServiceProvider> ProxyInstanceServices => [ProxyServices, .. _additionalProxies.Select(p => p.Services)];

    public virtual async ValueTask InitializeAsync()
    {
        _identityProvider = DevIdentityProviderApp.Build([], builder => Configure(builder, IdentityProviderUrl, new Dictionary<string, string?>
        {
            ["DevIdentityProvider:Issuer"] = IdentityProviderUrl,
            ["DevIdentityProvider:Clients:0:ClientId"] = UpstreamClientId,
            ["DevIdentityProvider:Clients:0:ClientSecret"] = UpstreamClientSecret,
            ["DevIdentityProvider:Clients:0:RedirectUris:0"] = ProxyUrl + "/oauth/callback",
        }));
        var mcpServerSettings = new Dictionary<string, string?>
        {
            ["EchoMcpServer:UserInfoEndpoint"] = IdentityProviderUrl + "/userinfo",
        };
        foreach (var (key, value) in _mcpServerSettingOverrides)
        {
            mcpServerSettings[key] = value;
        }

        _mcpServer = EchoMcpServerApp.Build([], builder => Configure(builder, McpServerUrl, mcpServerSettings));

        var proxySettings = new Dictionary<string, string?>
        {
            ["CleanProxy:Issuer"] = ProxyUrl,
            ["CleanProxy:Auth:Remote:Provider"] = IdentityProviderUrl,
            ["CleanProxy:Auth:Remote:ClientId"] = UpstreamClientId,
            ["CleanProxy:Auth:Remote:ClientSecret"] = UpstreamClientSecret,
            ["CleanProxy:Auth:Remote:Scopes:0"] = "openid",
            ["CleanProxy:Auth:Remote:Scopes:1"] = "profile",
            ["CleanProxy:Auth:Remote:Scopes:2"] = "email",
            ["CleanProxy:Gateway:Backend"] = McpServerUrl + "/mcp",
            ["CleanProxy:Database:Provider"] = "Sqlite",
            ["ConnectionStrings:CleanProxy"] = $"Data Source={Path.Combine(_databaseDirectory, "cleanproxy.db")}",
            // Tests that move the clock must not race a prune run; pruning has its own tests (Deployment/GrantPruningTests).
            ["CleanProxy:Maintenance:PruneIntervalSeconds"] = "0",
        };
        foreach (var (key, value) in _proxySettingOverrides)
        {
            proxySettings[key] = value;
        }

        _proxySettings = proxySettings;
        _proxy = BuildProxy(ProxyUrl, proxySettings);
        _additionalProxies.AddRange(_additionalProxyUrls.Select(url => BuildProxy(url, proxySettings)));

        await _identityProvider.StartAsync();
        await _mcpServer.StartAsync();

        // All instances start together, as after a deployment: migrations and the first signing key must not race.
        await Task.WhenAll(new[] { _proxy }.Concat(_additionalProxies).Select(p => p.StartAsync()));
    }

    private WebApplication BuildProxy(string url, IDictionary<string, string?> proxySettings)
        => CleanProxyWebApp.Build([], builder =>
        {
            Configure(builder, url, proxySettings);
            builder.Logging.AddProvider(ProxyLogs);
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
            builder.Services.AddSingleton<TimeProvider>(Clock);
        });

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var app in _additionalProxies.Concat(new[] { _proxy, _mcpServer, _identityProvider }))
        {
            if (app is not null)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_databaseDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp file is harmless.
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Another instance of the proxy on its own port, sharing this one's database, configuration (issuer included)
    /// and clock: a scaled-out deployment behind a load balancer. Returns its base URL; stopped with the stack.
    /// </summary>
    internal async Task<string> StartAnotherProxyInstanceAsync()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        var instance = BuildProxy(url, _proxySettings);
        _additionalProxyUrls.Add(url);
        _additionalProxies.Add(instance);
        await instance.StartAsync();
        return url;
    }

    /// <summary>A scope with the proxy's own DbContext, to assert on what was (or was not) written.</summary>
    public async Task<T> QueryDatabaseAsync<T>(Func<CleanProxyDbContext, Task<T>> query)
    {
        await using var scope = ProxyServices.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<CleanProxyDbContext>());
    }

    /// <summary>Hermetic configuration: only what the test sets, never an appsettings.json found in the output folder.</summary>
    private static void Configure(WebApplicationBuilder builder, string url, IDictionary<string, string?> settings)
    {
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
    }
}
