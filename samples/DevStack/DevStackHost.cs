using System.Net;
using System.Net.Sockets;
using CleanProxy.Application.Common.Options;
using CleanProxy.WebApi;
using DevIdentityProvider;
using EchoMcpServer;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace DevStack;

/// <summary>
/// Builds the three real apps through their public builders, starts them in dependency order (identity provider,
/// MCP server, proxy), prints where they are and stops them in reverse order on Ctrl+C. Each app gets its dev
/// settings as in-memory configuration below environment variables and the command line, so
/// <c>CleanProxy__Auth__Remote__Provider=https://idp.example.com</c> (or <c>--CleanProxy:Auth:Remote:Provider=...</c>)
/// points the proxy at another identity provider. The listening addresses are fixed.
/// </summary>
public static class DevStackHost
{
    public const string ProxyUrl = "http://127.0.0.1:5000";
    public const string IdentityProviderUrl = "http://127.0.0.1:5100";
    public const string McpServerUrl = "http://127.0.0.1:5200";

    // In start order: the proxy reads the identity provider's discovery document and forwards to the MCP server.
    private static readonly (string Name, string Url)[] Addresses =
    [
        ("development identity provider", IdentityProviderUrl),
        ("sample MCP server", McpServerUrl),
        ("CleanProxy", ProxyUrl),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var busy = Addresses.Where(address => !IsPortFree(new Uri(address.Url).Port)).ToList();
        if (busy.Count > 0)
        {
            foreach (var (name, url) in busy)
            {
                await Console.Error.WriteLineAsync(PortInUseMessage(name, url));
            }

            return 1;
        }

        // Build all three before starting any, so that a configuration mistake stops the stack before anything listens.
        var members = new List<Member>();
        var started = new List<Member>();
        try
        {
            members.Add(new(Addresses[0].Name, IdentityProviderUrl,
                DevIdentityProviderApp.Build(args, Configure(IdentityProviderUrl, IdentityProviderSettings(), args))));
            members.Add(new(Addresses[1].Name, McpServerUrl,
                EchoMcpServerApp.Build(args, Configure(McpServerUrl, McpServerSettings(), args))));
            members.Add(new(Addresses[2].Name, ProxyUrl,
                CleanProxyWebApp.Build(args, Configure(ProxyUrl, ProxySettings(), args))));

            var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            foreach (var member in members)
            {
                await member.App.StartAsync();
                started.Add(member);

                // Ctrl+C (SIGINT/SIGTERM) reaches every app's console lifetime; an app that stops on its own stops the stack too.
                member.App.Lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());
            }

            await Console.Out.WriteAsync(Banner(members[^1].App));
            await stopping.Task;
            return 0;
        }
        catch (OptionsValidationException exception)
        {
            await Console.Error.WriteLineAsync("The dev stack cannot start because of its configuration:");
            foreach (var failure in exception.Failures)
            {
                await Console.Error.WriteLineAsync("  - " + failure);
            }

            return 1;
        }
        catch (IOException exception) when (exception.InnerException is AddressInUseException)
        {
            // Taken between the check above and the start.
            var member = members[started.Count];
            await Console.Error.WriteLineAsync(PortInUseMessage(member.Name, member.Url));
            return 1;
        }
        finally
        {
            // Reverse order: the proxy stops taking requests before the servers behind it go away.
            for (var i = started.Count - 1; i >= 0; i--)
            {
                await started[i].App.StopAsync();
            }

            foreach (var member in members)
            {
                await member.App.DisposeAsync();
            }

            if (started.Count > 0)
            {
                await Console.Out.WriteLineAsync("CleanProxy dev stack stopped.");
            }
        }
    }

    private static Dictionary<string, string?> IdentityProviderSettings() => new()
    {
        ["DevIdentityProvider:Issuer"] = IdentityProviderUrl,
    };

    private static Dictionary<string, string?> McpServerSettings() => new()
    {
        ["EchoMcpServer:UserInfoEndpoint"] = IdentityProviderUrl + "/userinfo",
    };

    // The dev values of src/WebApi/appsettings.json and appsettings.Development.json, which are not loaded here.
    private static Dictionary<string, string?> ProxySettings() => new()
    {
        ["CleanProxy:Issuer"] = ProxyUrl,
        ["CleanProxy:Auth:Remote:Provider"] = IdentityProviderUrl,
        ["CleanProxy:Auth:Remote:ClientId"] = "cleanproxy",
        ["CleanProxy:Auth:Remote:ClientSecret"] = "cleanproxy-dev-secret",
        ["CleanProxy:Auth:Remote:Scopes:0"] = "openid",
        ["CleanProxy:Auth:Remote:Scopes:1"] = "profile",
        ["CleanProxy:Auth:Remote:Scopes:2"] = "email",
        ["CleanProxy:Gateway:Backend"] = McpServerUrl + EchoMcpServerApp.McpPath,
        ["ConnectionStrings:CleanProxy"] = "Data Source=data/cleanproxy.db",
    };

    private static Action<WebApplicationBuilder> Configure(string url, Dictionary<string, string?> settings, string[] args) => builder =>
    {
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings)
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
            ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
        });

        // Added again after the dev settings so that they still override them.
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddCommandLine(args);

        // Last, so that it wins over --urls or URLS: the printed addresses and the IdP's redirect URI depend on it.
        builder.WebHost.UseUrls(url);

        // One banner for the stack instead of three "Now listening on" and "Application started. Press Ctrl+C" blocks.
        builder.Services.Configure<ConsoleLifetimeOptions>(options => options.SuppressStatusMessages = true);
    };

    private static string Banner(WebApplication proxy)
    {
        var options = proxy.Services.GetRequiredService<IOptions<CleanProxyOptions>>().Value;
        var upstream = options.Auth.Remote.Provider ?? options.Auth.Remote.AuthEndpoint;
        var otherIdentityProvider = string.Equals(upstream?.TrimEnd('/'), IdentityProviderUrl, StringComparison.Ordinal)
            ? string.Empty
            : $"  (CleanProxy signs users in at {upstream}, not at the development identity provider.){Environment.NewLine}";
        return $"""

            CleanProxy dev stack is running:
              MCP server URL (give this to your MCP client): {options.Resource}
              CleanProxy (authorization server):             {options.Issuer}
              Development identity provider:                 {IdentityProviderUrl}  (users: alice / alice-password, bob / bob-password)
              Sample MCP server (behind the gateway):        {McpServerUrl}{EchoMcpServerApp.McpPath}
            {otherIdentityProvider}Press Ctrl+C to stop.

            """;
    }

    private static string PortInUseMessage(string name, string url)
    {
        var port = new Uri(url).Port;
        return $"The dev stack cannot start: port {port} on 127.0.0.1 ({name}, {url}) is already in use. Stop what listens there "
               + $"(an earlier dev stack, or one of the apps run on its own); `ss -ltnp 'sport = :{port}'` (Linux) or `lsof -i :{port}` (macOS) shows it.";
    }

    private static bool IsPortFree(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        finally
        {
            listener.Stop();
        }
    }

    private sealed record Member(string Name, string Url, WebApplication App);
}
