using CleanProxy.Application.Common.Security;
using CleanProxy.Application.Tokens.Common;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CleanProxy.Application;

public static class DependencyInjection
{
    /// <summary>
    /// Validators and the services handlers share. The mediator itself (source-generated) and its pipeline are
    /// registered by the host, which owns the generator.
    /// </summary>
    public static IServiceCollection AddApplicationServices(this IServiceCollection services)
    {
        services.AddValidatorsFromAssemblyContaining<ClientAuthenticator>(ServiceLifetime.Singleton, includeInternalTypes: false);
        services.AddScoped<ClientAuthenticator>();
        services.AddScoped<ClientDirectory>();
        services.AddScoped<TokenIssuance>();
        services.AddScoped<CleanProxy.Application.Sessions.Common.UpstreamTokenRefresher>();
        services.AddSingleton<CleanProxy.Application.Tokens.Common.Claims.ConfiguredTokenClaimsMapper>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
