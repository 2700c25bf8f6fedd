using System.Net;

namespace CleanProxy.Infrastructure.Clients;

/// <summary>
/// Which addresses the proxy may connect to on a client's say-so (metadata document URLs): public unicast only.
/// Loopback, private, shared (CGNAT), link-local (cloud metadata at 169.254.169.254 included), unique-local,
/// multicast, unspecified and reserved ranges are refused, also when embedded in IPv6 (mapped, NAT64, 6to4).
/// </summary>
public static class OutboundAddressPolicy
{
    public static bool IsAllowed(IPAddress address, bool allowLoopback)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return allowLoopback;
        }

        var bytes = address.GetAddressBytes();
        return bytes.Length == 4 ? IsPublicIPv4(bytes) : IsPublicIPv6(address, bytes, allowLoopback);
    }

    private static bool IsPublicIPv4(byte[] b) => !(
        b[0] == 0 // "this network"
        || b[0] == 10
        || (b[0] == 100 && (b[1] & 0xC0) == 64) // 100.64.0.0/10 shared address space
        || b[0] == 127
        || (b[0] == 169 && b[1] == 254) // link-local, cloud metadata
        || (b[0] == 172 && (b[1] & 0xF0) == 16)
        || (b[0] == 192 && b[1] == 0 && b[2] == 0) // IETF protocol assignments
        || (b[0] == 192 && b[1] == 168)
        || (b[0] == 198 && (b[1] & 0xFE) == 18) // benchmarking
        || b[0] >= 224); // multicast, reserved, broadcast

    private static bool IsPublicIPv6(IPAddress address, byte[] b, bool allowLoopback)
    {
        if (address.Equals(IPAddress.IPv6Any) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
            || (b[0] & 0xFE) == 0xFC) // fc00::/7 unique local (fd00:ec2::254 metadata included)
        {
            return false;
        }

        // 64:ff9b::/96 (NAT64) and 2002::/16 (6to4) carry an IPv4 address that must be public too.
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.Skip(4).Take(8).All(x => x == 0))
        {
            return IsAllowed(new IPAddress(b[12..16]), allowLoopback);
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return IsAllowed(new IPAddress(b[2..6]), allowLoopback);
        }

        return true;
    }
}
