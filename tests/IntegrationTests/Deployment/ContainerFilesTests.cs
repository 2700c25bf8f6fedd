using System.Text.RegularExpressions;
using CleanProxy.Application.Common.Options;
using CleanProxy.WebApi.Configuration;
using Microsoft.Extensions.Configuration;
using YamlDotNet.Serialization;

namespace CleanProxy.IntegrationTests.Deployment;

/// <summary>
/// What can be checked of the container files without a Docker engine: the compose file parses, every setting it
/// gives CleanProxy is a real configuration key that passes start-up validation, nginx balances over the instances
/// that exist, and the Dockerfile copies and builds paths that exist.
/// </summary>
public sealed partial class ContainerFilesTests
{
    private static readonly string Root = FindRepositoryRoot();

    [Fact]
    public void DockerCompose_EverySettingGivenToCleanProxy_IsARealOption_AndPassesStartupValidation()
    {
        var services = CleanProxyServices();
        Assert.True(services.Count >= 3, "expected the migration and two instances");

        foreach (var (name, environment) in services)
        {
            var unexpected = environment.Keys.Where(k => !k.StartsWith("CleanProxy__", StringComparison.Ordinal)
                && !k.StartsWith("ConnectionStrings__", StringComparison.Ordinal) && !k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)).ToList();
            Assert.True(unexpected.Count == 0, $"{name}: not a CleanProxy setting: {string.Join(", ", unexpected)}");

            // Compose substitutes ${VAR}: any value will do for validation.
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(environment.ToDictionary(
                p => p.Key.Replace("__", ":", StringComparison.Ordinal),
                p => (string?)InterpolatedVariable().Replace(p.Value, "from-the-environment"))).Build();
            var options = configuration.GetSection(CleanProxyOptions.SectionName).Get<CleanProxyOptions>(binder => binder.ErrorOnUnknownConfiguration = true)!;

            var results = new[] { new CleanProxyOptionsValidator(configuration).Validate(null, options), new DeploymentOptionsValidator().Validate(null, options) };

            Assert.All(results, r => Assert.True(r.Succeeded, $"{name}: {r.FailureMessage}"));
            Assert.Equal(DatabaseOptions.SqlServer, options.Database.Provider);
            Assert.NotEmpty(options.ForwardedHeaders.KnownProxies ?? []);
        }
    }

    [Fact]
    public void Nginx_BalancesOverEveryCleanProxyInstance()
    {
        var nginx = File.ReadAllText(Path.Combine(Root, "deploy", "nginx.conf"));
        var compose = LoadCompose();
        var instancePorts = Services(compose)
            .Select(s => string.Join(' ', ((s.Value.GetValueOrDefault("command") as List<object>) ?? []).Cast<string>()))
            .Select(command => UrlsPort().Match(command))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .Where(port => port is not ("5100" or "5200"))
            .ToList();

        Assert.True(instancePorts.Count >= 2, "expected two CleanProxy instances");
        Assert.All(instancePorts, port => Assert.Contains($"server 127.0.0.1:{port}", nginx, StringComparison.Ordinal));
        Assert.Contains("proxy_buffering off", nginx, StringComparison.Ordinal);
    }

    [Fact]
    public void Dockerfile_CopiesAndBuildsPathsThatExist_RunsAsNonRoot_AndHasAHealthCheck()
    {
        var dockerfile = File.ReadAllLines(Path.Combine(Root, "Dockerfile"));

        var copied = dockerfile.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from", StringComparison.Ordinal))
            .SelectMany(l => l["COPY ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipLast(1)).ToList();
        Assert.NotEmpty(copied);
        Assert.All(copied, path => Assert.True(File.Exists(Path.Combine(Root, path)) || Directory.Exists(Path.Combine(Root, path)), $"COPY {path}: missing"));

        var defaultProject = dockerfile.Single(l => l.StartsWith("ARG PROJECT=", StringComparison.Ordinal))["ARG PROJECT=".Length..];
        var defaultEntry = dockerfile.Single(l => l.StartsWith("ARG ENTRY=", StringComparison.Ordinal))["ARG ENTRY=".Length..];
        var builds = new List<(string Project, string Entry)> { (defaultProject, defaultEntry) };
        foreach (var service in Services(LoadCompose()).Values)
        {
            if (service.GetValueOrDefault("build") is Dictionary<object, object> build && build.GetValueOrDefault("args") is Dictionary<object, object> args)
            {
                builds.Add(((string)args["PROJECT"], (string)args["ENTRY"]));
            }
        }

        Assert.All(builds, b =>
        {
            Assert.True(File.Exists(Path.Combine(Root, b.Project)), $"{b.Project}: missing");
            Assert.Equal(AssemblyNameOf(b.Project) + ".dll", b.Entry);
        });
        Assert.Equal(2, dockerfile.Count(l => l.StartsWith("FROM ", StringComparison.Ordinal)));
        Assert.Contains(dockerfile, l => l.StartsWith("USER $APP_UID", StringComparison.Ordinal));
        Assert.Contains(dockerfile, l => l.StartsWith("HEALTHCHECK ", StringComparison.Ordinal) && l.Contains("$HEALTH_URL", StringComparison.Ordinal));
        Assert.Contains(dockerfile, l => l.Contains("HEALTH_URL=http://127.0.0.1:8080/health/live", StringComparison.Ordinal));
    }

    /// <summary>Each service running the CleanProxy image (built from the Dockerfile without a PROJECT) with its environment.</summary>
    private static Dictionary<string, Dictionary<string, string>> CleanProxyServices()
        => Services(LoadCompose())
            .Where(s => s.Value.GetValueOrDefault("build") is string)
            .ToDictionary(
                s => s.Key,
                s => ((Dictionary<object, object>)s.Value["environment"]).ToDictionary(p => (string)p.Key, p => (string)p.Value));

    private static Dictionary<object, object> LoadCompose()
        => new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(File.ReadAllText(Path.Combine(Root, "docker-compose.yml")));

    private static Dictionary<string, Dictionary<object, object>> Services(Dictionary<object, object> compose)
        => ((Dictionary<object, object>)compose["services"]).ToDictionary(s => (string)s.Key, s => (Dictionary<object, object>)s.Value);

    private static string AssemblyNameOf(string project)
    {
        var match = Regex.Match(File.ReadAllText(Path.Combine(Root, project)), "<AssemblyName>([^<]+)</AssemblyName>");
        return match.Success ? match.Groups[1].Value : Path.GetFileNameWithoutExtension(project);
    }

    private static string FindRepositoryRoot()
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

    [GeneratedRegex(@"\$\{[^}]+\}")]
    private static partial Regex InterpolatedVariable();

    [GeneratedRegex(@"--urls=http://[^:]+:(\d+)")]
    private static partial Regex UrlsPort();
}
