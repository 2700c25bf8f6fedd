using CleanProxy.Application.Common.Interfaces;
using CleanProxy.Application.Common.Options;
using CleanProxy.Infrastructure.Clients;
using CleanProxy.Infrastructure.Persistence;
using CleanProxy.Infrastructure.Security;
using CleanProxy.Infrastructure.Tokens;
using CleanProxy.Infrastructure.Upstream;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CleanProxy.Infrastructure;

public static class DependencyInjection
{
    public const string ConnectionStringName = "CleanProxy";
    public const string DefaultSqliteConnectionString = "Data Source=data/cleanproxy.db";

    public static IServiceCollection AddInfrastructureServices(this IServiceCollection services, IConfiguration configuration)
    {
        var database = configuration.GetSection($"{CleanProxyOptions.SectionName}:Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = configuration.GetConnectionString(ConnectionStringName);

        if (string.Equals(database.Provider, DatabaseOptions.SqlServer, StringComparison.OrdinalIgnoreCase))
        {
            services.AddDbContextPool<CleanProxyDbContext, SqlServerCleanProxyDbContext>(options =>
                // Few, short retries: a request during an outage must fail fast with 503, not hang for a minute.
                options.UseSqlServer(connectionString, sql => sql.EnableRetryOnFailure(maxRetryCount: 2, maxRetryDelay: TimeSpan.FromSeconds(1), errorNumbersToAdd: null)));
        }
        else
        {
            services.AddDbContextPool<CleanProxyDbContext, SqliteCleanProxyDbContext>(options =>
                options.UseSqlite(string.IsNullOrWhiteSpace(connectionString) ? DefaultSqliteConnectionString : connectionString));
        }

        services.AddScoped<IApplicationDbContext>(provider => provider.GetRequiredService<CleanProxyDbContext>());
        services.AddScoped<DatabaseInitializer>();

        // Keys shared by all instances through the database; they encrypt upstream tokens and signing keys at rest.
        services.AddDataProtection()
            .SetApplicationName("CleanProxy")
            .PersistKeysToDbContext<CleanProxyDbContext>()
            .ProtectKeysWithConfiguredCertificate(
                configuration.GetSection($"{CleanProxyOptions.SectionName}:DataProtection").Get<DataProtectionKeyOptions>() ?? new());

        services.AddSingleton<ISecretProtector, DataProtectionSecretProtector>();
        services.AddSingleton<IClientSecretHasher, Pbkdf2ClientSecretHasher>();
        services.AddSingleton<IClientMetadataDocuments, ClientMetadataDocumentFetcher>();

        services.AddSingleton<SigningKeyStore>();
        services.AddSingleton<ISigningKeySet>(provider => provider.GetRequiredService<SigningKeyStore>());
        services.AddSingleton<IAccessTokenIssuer, JwtAccessTokenIssuer>();
        services.AddSingleton<IAccessTokenValidator, JwtAccessTokenValidator>();

        services.AddSingleton<UpstreamMetadata>();
        services.AddHttpClient<IUpstreamIdentityProvider, OidcUpstreamIdentityProvider>()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .AddUpstreamResilience();

        return services;
    }
}
