using DevIdentityProvider.Options;
using DevIdentityProvider.Tokens;
using Microsoft.Extensions.Options;

namespace DevIdentityProvider;

/// <summary>
/// Hosting entry point, shared by Program and by tests that run this IdP in-process.
/// </summary>
public static class DevIdentityProviderApp
{
    /// <summary>Builds the app without starting it.</summary>
    /// <param name="args">Command-line arguments (configuration overrides).</param>
    /// <param name="configure">
    /// Runs after appsettings.json is loaded and before services are registered: tests add in-memory configuration,
    /// <c>builder.WebHost.UseUrls(...)</c> or a fake <see cref="TimeProvider"/> here.
    /// </param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        configure?.Invoke(builder);
        builder.Services.AddDevIdentityProvider(builder.Configuration);

        var app = builder.Build();
        app.MapDevIdentityProvider();
        app.Lifetime.ApplicationStarted.Register(() => LogStartup(app));
        return app;
    }

    private static void LogStartup(WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<DevIdentityProviderOptions>>().Value;
        var signingKey = app.Services.GetRequiredService<SigningKey>();
        // A fixed category: app.Logger is named after the entry assembly, which is a test host when run in-process.
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DevIdentityProvider");
        logger.LogWarning(
            "Dev Identity Provider for DEVELOPMENT ONLY. Issuer {Issuer}, signing key kid {KeyId}, clients {ClientIds}.",
            options.Issuer,
            signingKey.KeyId,
            string.Join(", ", options.Clients.Select(client => client.ClientId)));
    }
}
