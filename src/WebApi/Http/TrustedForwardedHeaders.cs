using System.Net;
using CleanProxy.Application.Common.Options;
using Microsoft.AspNetCore.HttpOverrides;

namespace CleanProxy.WebApi.Http;

/// <summary>
/// <c>X-Forwarded-For</c>/<c>X-Forwarded-Proto</c> are believed only from the load balancers named in
/// <c>CleanProxy:ForwardedHeaders</c>. ASP.NET Core trusts loopback by default; that default is cleared, so with
/// nothing configured no forwarded header is believed. The issuer and every URL the proxy publishes come from
/// <c>CleanProxy:Issuer</c>, never from these headers or <c>Host</c>.
/// </summary>
public static class TrustedForwardedHeaders
{
    public static IServiceCollection AddTrustedForwardedHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection($"{CleanProxyOptions.SectionName}:ForwardedHeaders").Get<ForwardedHeadersSettings>() ?? new();
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in settings.KnownProxies ?? [])
            {
                if (IPAddress.TryParse(proxy, out var address))
                {
                    options.KnownProxies.Add(address);
                }
            }

            foreach (var network in settings.KnownNetworks ?? [])
            {
                if (System.Net.IPNetwork.TryParse(network, out var parsed))
                {
                    options.KnownIPNetworks.Add(parsed);
                }
            }
        });
        return services;
    }

    /// <summary>Whether any load balancer is trusted at all (the middleware is only added then).</summary>
    public static bool AnyTrusted(IConfiguration configuration)
    {
        var settings = configuration.GetSection($"{CleanProxyOptions.SectionName}:ForwardedHeaders").Get<ForwardedHeadersSettings>() ?? new();
        return settings.KnownProxies is { Length: > 0 } || settings.KnownNetworks is { Length: > 0 };
    }
}
