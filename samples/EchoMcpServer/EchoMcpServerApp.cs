using EchoMcpServer.Http;
using EchoMcpServer.Tools;
using EchoMcpServer.UserInfo;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EchoMcpServer;

/// <summary>Hosting entry point, shared by Program and by tests that run this server in-process.</summary>
public static class EchoMcpServerApp
{
    public const string DefaultUrl = "http://127.0.0.1:5200";
    public const string McpPath = "/mcp";

    /// <summary>Builds the app without starting it.</summary>
    /// <param name="args">Command-line arguments (configuration overrides).</param>
    /// <param name="configure">
    /// Runs after appsettings.json is loaded and before services are registered: tests add in-memory configuration or
    /// <c>builder.WebHost.UseUrls("http://127.0.0.1:0")</c> here.
    /// </param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });

        configure?.Invoke(builder);
        UseDefaultUrlUnlessConfigured(builder);

        builder.Services.AddOptions<EchoMcpServerOptions>()
            .BindConfiguration(EchoMcpServerOptions.SectionName)
            .Validate(
                o => EchoMcpServerOptions.IsAbsoluteHttpUrl(o.UserInfoEndpoint),
                $"{EchoMcpServerOptions.SectionName}:{nameof(EchoMcpServerOptions.UserInfoEndpoint)} must be an absolute http or https URL.")
            .ValidateOnStart();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddProblemDetails();
        builder.Services.AddHttpClient<UserInfoClient>(client =>
        {
            client.Timeout = TimeSpan.FromSeconds(10);
            // Userinfo is a handful of claims; anything larger is not a userinfo answer.
            client.MaxResponseContentBufferSize = 64 * 1024;
        });

        builder.Services.AddMcpServer(options =>
                options.ServerInfo = new() { Name = "EchoMcpServer", Version = "1.0.0" })
            // Stateless: the gateway in front may run several instances without session affinity, and no tool needs a session.
            .WithHttpTransport(options => options.Stateless = true)
            .WithTools<WhoAmITool>()
            .WithTools<EchoTool>()
            .WithTools<CountTool>();

        var app = builder.Build();

        // Turns any unhandled exception into a bare problem response, never a developer page with a stack trace.
        app.UseExceptionHandler();
        app.UseMiddleware<BearerTokenRequiredMiddleware>(new PathString(McpPath));
        app.MapMcp(McpPath);

        return app;
    }

    // Command-line --urls, ASPNETCORE_URLS, a test's UseUrls or Kestrel endpoints all win over the sample's default.
    private static void UseDefaultUrlUnlessConfigured(WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (string.IsNullOrEmpty(configuration[WebHostDefaults.ServerUrlsKey])
            && string.IsNullOrEmpty(configuration[WebHostDefaults.HttpPortsKey])
            && string.IsNullOrEmpty(configuration[WebHostDefaults.HttpsPortsKey])
            && !configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
    }
}
