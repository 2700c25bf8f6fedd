using System.Net;
using System.Net.Sockets;

namespace CleanProxy.IntegrationTests.Support;

/// <summary>
/// A free loopback port, known before start-up: issuers and redirect URIs are configured before the servers listen.
/// </summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
