using System.Net;
using CleanProxy.Application.Common.Options;
using Microsoft.Extensions.Options;

namespace CleanProxy.WebApi.Configuration;

/// <summary>
/// Start-up validation of the deployment settings (database wait, maintenance, forwarded headers), in the same
/// voice as <see cref="CleanProxyOptionsValidator"/>: the key, its environment variable and what is wrong.
/// </summary>
public sealed class DeploymentOptionsValidator : IValidateOptions<CleanProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, CleanProxyOptions options)
    {
        var errors = new List<string>();
        void Fail(string key, string problem) =>
            errors.Add($"CleanProxy:{key} {problem} (environment variable CleanProxy__{key.Replace(":", "__", StringComparison.Ordinal)}).");

        if (options.Database.StartupWaitSeconds is < 0 or > 3600)
        {
            Fail("Database:StartupWaitSeconds", "must be between 0 and 3600");
        }

        var maintenance = options.Maintenance;
        if (maintenance.PruneIntervalSeconds is < 0 or > 86400)
        {
            Fail("Maintenance:PruneIntervalSeconds", "must be between 0 (off) and 86400");
        }

        if (maintenance.PruneBatchSize is < 1 or > 10000)
        {
            Fail("Maintenance:PruneBatchSize", "must be between 1 and 10000");
        }

        if (maintenance.ReplayDetectionRetentionSeconds is < 0 or > 2592000)
        {
            Fail("Maintenance:ReplayDetectionRetentionSeconds", "must be between 0 and 2592000 (30 days)");
        }

        var keys = options.SigningKeys;
        if (keys.PublishLeadSeconds is < 600 or > 604800)
        {
            Fail("SigningKeys:PublishLeadSeconds", "must be between 600 (instances reload their keys every 5 minutes) and 604800");
        }

        if (keys.RotationIntervalSeconds != 0 && keys.RotationIntervalSeconds < keys.PublishLeadSeconds + options.Auth.Refresh.AccessTokenTtl)
        {
            Fail("SigningKeys:RotationIntervalSeconds", "must be 0 (never rotate) or at least SigningKeys:PublishLeadSeconds + Auth:Refresh:AccessTokenTtl");
        }

        var dataProtection = options.DataProtection;
        foreach (var (path, key) in new[] { (dataProtection.CertificatePath, "DataProtection:CertificatePath") }
            .Concat((dataProtection.PreviousCertificatePaths ?? []).Select((p, i) => ((string?)p, $"DataProtection:PreviousCertificatePaths:{i}"))))
        {
            if (!string.IsNullOrWhiteSpace(path) && Infrastructure.Security.DataProtectionCertificates.Problem(path, dataProtection.CertificatePassword) is { } problem)
            {
                Fail(key, problem);
            }
        }

        foreach (var (proxy, i) in (options.ForwardedHeaders.KnownProxies ?? []).Select((p, i) => (p, i)))
        {
            if (!IPAddress.TryParse(proxy, out _))
            {
                Fail($"ForwardedHeaders:KnownProxies:{i}", $"must be an IP address, but is '{proxy}'");
            }
        }

        foreach (var (network, i) in (options.ForwardedHeaders.KnownNetworks ?? []).Select((n, i) => (n, i)))
        {
            if (!System.Net.IPNetwork.TryParse(network, out _))
            {
                Fail($"ForwardedHeaders:KnownNetworks:{i}", $"must be a network in CIDR notation such as 10.0.0.0/8, but is '{network}'");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
