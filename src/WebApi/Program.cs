using CleanProxy.Infrastructure.Persistence;
using CleanProxy.WebApi;
using Microsoft.Extensions.Options;

try
{
    var app = CleanProxyWebApp.Build(args.Where(a => a != "migrate").ToArray());
    if (args.Contains("migrate"))
    {
        // `CleanProxy.WebApi migrate`: apply migrations and exit, for deployments that migrate as a separate step.
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(CancellationToken.None);
        Console.WriteLine("Database is up to date.");
        return 0;
    }

    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException exception)
{
    // Configuration mistakes are the user's to fix: say what is wrong without a stack trace.
    Console.Error.WriteLine("CleanProxy cannot start because of its configuration:");
    foreach (var failure in exception.Failures)
    {
        Console.Error.WriteLine("  - " + failure);
    }

    return 1;
}
