using System.Diagnostics;
using System.Text.Json.Nodes;

namespace CleanProxy.IntegrationTests.UpstreamProviders;

/// <summary>
/// The npm package <c>oidc-provider</c> (a certified OpenID provider) as a node process on a free loopback port, run
/// from tests/UpstreamProviders/oidc-provider.mjs. Installs its pinned packages with <c>npm ci</c> when they are
/// missing, so <c>dotnet test</c> works on a fresh clone.
/// </summary>
public sealed class OidcProviderProcess : IAsyncDisposable
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private readonly Process _process;

    private OidcProviderProcess(Process process, string issuer)
    {
        _process = process;
        Issuer = issuer;
    }

    public string Issuer { get; }

    public string UserInfoEndpoint => Issuer + "/me";

    public static async Task<OidcProviderProcess> StartAsync(int port, string clientId, string clientSecret, string redirectUri, int accessTokenTtlSeconds)
    {
        var directory = Path.Combine(RepositoryRoot(), "tests", "UpstreamProviders");
        await EnsureInstalledAsync(directory);

        var start = new ProcessStartInfo("node", "oidc-provider.mjs")
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["OP_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["OP_CLIENT_ID"] = clientId,
                ["OP_CLIENT_SECRET"] = clientSecret,
                ["OP_REDIRECT_URI"] = redirectUri,
                ["OP_ACCESS_TOKEN_TTL"] = accessTokenTtlSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["NODE_ENV"] = "test",
            },
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started.");
        var stderr = process.StandardError.ReadToEndAsync();
        var issuer = $"http://127.0.0.1:{port}";
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line == "listening " + issuer)
                {
                    // Keep draining stdout so the child never blocks on a full pipe.
                    _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                    return new OidcProviderProcess(process, issuer);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Reported below with what node said.
        }

        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync(CancellationToken.None);
        throw new InvalidOperationException($"oidc-provider did not start: {await stderr}");
    }

    /// <summary>The provider's own counters (token grants by type, revocations).</summary>
    public async Task<JsonNode> GetStatsAsync(HttpClient http) => JsonNode.Parse(await http.GetStringAsync(Issuer + "/test/stats"))!;

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // Closing stdin ends it cleanly; killing is the fallback.
            _process.StandardInput.Close();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }

        _process.Dispose();
    }

    private static async Task EnsureInstalledAsync(string directory)
    {
        await InstallLock.WaitAsync();
        try
        {
            if (File.Exists(Path.Combine(directory, "node_modules", "oidc-provider", "package.json")))
            {
                return;
            }

            var npm = Process.Start(new ProcessStartInfo(OperatingSystem.IsWindows() ? "npm.cmd" : "npm", "ci --no-audit --no-fund")
            {
                WorkingDirectory = directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            }) ?? throw new InvalidOperationException("npm could not be started.");
            var output = npm.StandardOutput.ReadToEndAsync();
            var errors = npm.StandardError.ReadToEndAsync();
            await npm.WaitForExitAsync();
            if (npm.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm ci in {directory} failed ({npm.ExitCode}): {await output}{await errors}");
            }
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CleanProxy.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("CleanProxy.sln not found above " + AppContext.BaseDirectory);
    }
}
