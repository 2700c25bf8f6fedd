using DevIdentityProvider.Authorization;
using DevIdentityProvider.Diagnostics;
using DevIdentityProvider.Endpoints;
using DevIdentityProvider.Options;
using DevIdentityProvider.Stores;
using DevIdentityProvider.Tokens;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DevIdentityProvider;

internal static class DependencyInjection
{
    public static IServiceCollection AddDevIdentityProvider(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DevIdentityProviderOptions>()
            .Bind(configuration.GetSection(DevIdentityProviderOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<DevIdentityProviderOptions>, DevIdentityProviderDefaults>();
        services.AddSingleton<IValidateOptions<DevIdentityProviderOptions>, DevIdentityProviderOptionsValidator>();

        // TryAdd so a test's configure callback can register a FakeTimeProvider first.
        services.TryAddSingleton(TimeProvider.System);

        // All state lives in memory for the life of the process.
        services.AddSingleton<ClientRegistry>();
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<PendingLoginStore>();
        services.AddSingleton<GrantStore>();
        services.AddSingleton<DevStats>();
        services.AddSingleton<SigningKey>();

        services.AddSingleton<IdTokenFactory>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<ClientAuthenticator>();
        services.AddSingleton<AuthorizationCodeExchange>();
        services.AddSingleton<RefreshTokenExchange>();
        services.AddSingleton<TokenRequestHandler>();
        services.AddSingleton<TokenRevocation>();
        services.AddSingleton<UserInfoHandler>();
        services.AddSingleton<AuthorizationRequestHandler>();
        services.AddSingleton<LoginHandler>();

        services.AddHostedService<ExpiredGrantPruner>();
        return services;
    }

    public static WebApplication MapDevIdentityProvider(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = HttpTranslation.WriteUnhandledExceptionAsync });
        app.MapDiscoveryEndpoints();
        app.MapAuthorizationEndpoints();
        app.MapTokenEndpoints();
        app.MapDevSupportEndpoints();
        return app;
    }
}
