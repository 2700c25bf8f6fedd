using CleanProxy.Application;
using CleanProxy.Application.Common.Options;
using CleanProxy.Infrastructure;
using CleanProxy.WebApi.Endpoints;
using CleanProxy.WebApi.Gateway;
using CleanProxy.WebApi.Http;
using Microsoft.Extensions.Options;

namespace CleanProxy.WebApi;

/// <summary>Builds the CleanProxy host; tests and the dev stack use it to run the real app on a loopback port.</summary>
public static class CleanProxyWebApp
{
    /// <summary>Each file here is one setting, named like its environment variable (docs/deployment.md).</summary>
    public const string SecretsDirectory = "/run/secrets";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);

        // Request URLs carry codes and state: keep the hosting diagnostics' per-request lines out of the logs.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Routing", LogLevel.Warning);

        // Secrets as files (Docker/Kubernetes secrets): /run/secrets/CleanProxy__Auth__Remote__ClientSecret and the like.
        builder.Configuration.AddKeyPerFile(SecretsDirectory, optional: true);
        configure?.Invoke(builder);

        // First hosted service: the database must exist and be migrated before Data Protection reads its key ring.
        builder.Services.AddHostedService<StartupInitializer>();
        builder.Services.AddHostedService<Maintenance.GrantPruningService>();
        builder.Services
            .AddApplicationServices()
            .AddInfrastructureServices(builder.Configuration)
            .AddWebServices(builder.Configuration);
        builder.Services.AddExceptionHandler<OAuthExceptionHandler>();
        builder.Services.AddTrustedForwardedHeaders(builder.Configuration);

        var app = builder.Build();
        var options = app.Services.GetRequiredService<IOptions<CleanProxyOptions>>().Value;

        if (TrustedForwardedHeaders.AnyTrusted(app.Configuration))
        {
            app.UseForwardedHeaders();
        }

        app.UseExceptionHandler(_ => { });
        app.UseCors();
        app.UseRateLimiter();
        app.MapMetadataEndpoints(options)
            .MapRegistrationEndpoints()
            .MapAuthorizationEndpoints()
            .MapTokenEndpoints()
            .MapGatewayEndpoints(options)
            .MapHealthEndpoints();
        return app;
    }
}
