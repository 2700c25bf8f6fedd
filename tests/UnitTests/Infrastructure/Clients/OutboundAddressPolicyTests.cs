using System.Net;
using CleanProxy.Infrastructure.Clients;

namespace CleanProxy.UnitTests.Infrastructure.Clients;

public sealed class OutboundAddressPolicyTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("::1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")] // cloud metadata
    [InlineData("100.64.0.1")] // shared address space
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fd00:ec2::254")] // AWS metadata over IPv6
    [InlineData("ff02::1")]
    [InlineData("::ffff:10.0.0.1")] // IPv4-mapped private
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("64:ff9b::a9fe:a9fe")] // NAT64 of 169.254.169.254
    [InlineData("2002:0a00:0001::1")] // 6to4 of 10.0.0.1
    public void InternalAddresses_AreRefused(string address)
        => Assert.False(OutboundAddressPolicy.IsAllowed(IPAddress.Parse(address), allowLoopback: false));

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:2800:21f:cb07:6820:80da:af6b:8b2c")]
    [InlineData("::ffff:93.184.215.14")]
    public void PublicAddresses_AreAllowed(string address)
        => Assert.True(OutboundAddressPolicy.IsAllowed(IPAddress.Parse(address), allowLoopback: false));

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("10.0.0.1", false)]
    [InlineData("169.254.169.254", false)]
    public void TestEscapeHatch_AllowsLoopbackOnly(string address, bool allowed)
        => Assert.Equal(allowed, OutboundAddressPolicy.IsAllowed(IPAddress.Parse(address), allowLoopback: true));
}
