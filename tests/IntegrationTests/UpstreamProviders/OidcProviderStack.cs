using CleanProxy.IntegrationTests.Support;

namespace CleanProxy.IntegrationTests.UpstreamProviders;

/// <summary>
/// The real stack with <c>oidc-provider</c> as the upstream IdP instead of the development one: the proxy signs users
/// in there, and the Echo MCP server's whoami asks oidc-provider's userinfo with the token the gateway forwards.
/// Upstream access tokens live <see cref="AccessTokenTtlSeconds"/> seconds at oidc-provider.
/// </summary>
public class OidcProviderStack : ProxyStack
{
    public const string ClientId = "cleanproxy-op";
    public const string ClientSecret = "cleanproxy-op-secret:with/reserved+chars";
    public const int AccessTokenTtlSeconds = 10;

    private OidcProviderProcess? _provider;

    public OidcProviderStack()
        : this(new Dictionary<string, string?>())
    {
    }

    internal OidcProviderStack(IDictionary<string, string?> proxySettings)
        : this(FreePort.Next(), proxySettings)
    {
    }

    private OidcProviderStack(int port, IDictionary<string, string?> proxySettings)
        : base(ProxySettings(port, proxySettings), new Dictionary<string, string?>
        {
            ["EchoMcpServer:UserInfoEndpoint"] = $"http://127.0.0.1:{port}/me",
        })
    {
        OidcProviderPort = port;
    }

    public int OidcProviderPort { get; }

    public OidcProviderProcess OidcProvider => _provider!;

    public override async ValueTask InitializeAsync()
    {
        _provider = await OidcProviderProcess.StartAsync(OidcProviderPort, ClientId, ClientSecret, ProxyUrl + "/oauth/callback", AccessTokenTtlSeconds);
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    private static Dictionary<string, string?> ProxySettings(int port, IDictionary<string, string?> overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["CleanProxy:Auth:Remote:Provider"] = $"http://127.0.0.1:{port}",
            ["CleanProxy:Auth:Remote:ClientId"] = ClientId,
            ["CleanProxy:Auth:Remote:ClientSecret"] = ClientSecret,
            ["CleanProxy:Auth:Remote:Scopes:0"] = "openid",
            ["CleanProxy:Auth:Remote:Scopes:1"] = "profile",
            ["CleanProxy:Auth:Remote:Scopes:2"] = "email",
            ["CleanProxy:Auth:Remote:Scopes:3"] = "offline_access",
            ["CleanProxy:Auth:Remote:Scopes:4"] = "corp",

            // oidc-provider's access tokens live 10 s: the proxy refreshes them (and oidc-provider rotates its refresh tokens).
            ["CleanProxy:Auth:Remote:RefreshUpstream"] = "true",
            ["CleanProxy:Auth:Remote:RefreshSkewSeconds"] = "2",

            // Claim mapping from oidc-provider's userinfo: rename, array path, constant, default.
            ["CleanProxy:Auth:TokenClaims:employee_id:From"] = "employee_number",
            ["CleanProxy:Auth:TokenClaims:roles:From"] = "groups[].name",
            ["CleanProxy:Auth:TokenClaims:email:From"] = "email",
            ["CleanProxy:Auth:TokenClaims:tenant:Value"] = "acme",
            ["CleanProxy:Auth:TokenClaims:cost_center:From"] = "cost_center",
            ["CleanProxy:Auth:TokenClaims:cost_center:Default"] = "unassigned",
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return settings;
    }
}
