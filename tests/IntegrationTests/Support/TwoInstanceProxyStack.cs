namespace CleanProxy.IntegrationTests.Support;

/// <summary>
/// Two CleanProxy hosts on one database file with one issuer, as two containers behind a load balancer: they start at
/// the same moment on an empty database, so the fixture itself exercises migrations and first-key creation racing.
/// </summary>
public sealed class TwoInstanceProxyStack() : ProxyStack(new Dictionary<string, string?>(), proxyInstances: 2)
{
    /// <summary>Request <paramref name="i"/> goes to instance <c>i mod 2</c>: a round-robin load balancer.</summary>
    public string InstanceUrl(int i) => ProxyInstanceUrls[i % ProxyInstanceUrls.Count];
}
