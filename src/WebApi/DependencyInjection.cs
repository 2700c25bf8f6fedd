using CleanProxy.Application.Authorization.Commands.Authorize;
using CleanProxy.Application.Common.Behaviours;
using CleanProxy.Application.Common.Options;
using CleanProxy.WebApi.Configuration;
using CleanProxy.WebApi.Endpoints;
using CleanProxy.WebApi.Gateway;
using CleanProxy.WebApi.Http;
using Microsoft.Extensions.Options;

namespace CleanProxy.WebApi;

public static class DependencyInjection
{
    public static IServiceCollection AddWebServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CleanProxyOptions>()
            .Bind(configuration.GetSection(CleanProxyOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<CleanProxyOptions>, CleanProxyOptionsValidator>();
        services.AddSingleton<IValidateOptions<CleanProxyOptions>, DeploymentOptionsValidator>();

        // Scoped: handlers use the DbContext. Logging wraps validation so rejected requests are logged too.
        services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.Assemblies = [typeof(AuthorizeCommand)];
            options.PipelineBehaviors = [typeof(LoggingBehaviour<,>), typeof(ValidationBehaviour<,>)];
        });

        services.AddBrowserClientCors();
        services.AddRegistrationRateLimit();
        services.AddHttpForwarder();
        services.AddSingleton<GatewayHttpClient>();
        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: ["ready"]);
        return services;
    }
}
