using CleanProxy.Infrastructure.Persistence;

namespace CleanProxy.WebApi;

/// <summary>Migrates (when configured) and loads the signing key before the server takes requests.</summary>
public sealed class StartupInitializer(IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
