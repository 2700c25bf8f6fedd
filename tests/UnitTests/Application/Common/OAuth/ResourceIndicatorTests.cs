using CleanProxy.Application.Common.OAuth;

namespace CleanProxy.UnitTests.Application.Common.OAuth;

public sealed class ResourceIndicatorTests
{
    private const string Configured = "https://mcp.example.com/mcp";

    [Theory]
    [InlineData("https://mcp.example.com/mcp")]
    [InlineData("HTTPS://mcp.example.com/mcp")]
    [InlineData("https://MCP.Example.COM/mcp")]
    [InlineData("https://mcp.example.com:443/mcp")]
    [InlineData("https://mcp.example.com/mcp/")]
    public void ResourceDifferingOnlyInSchemeOrHostCaseDefaultPortOrTrailingSlash_Matches(string requested)
    {
        Assert.True(ResourceIndicator.Matches(Configured, requested));
    }

    [Theory]
    [InlineData("https://mcp.example.com/MCP")]
    [InlineData("https://mcp.example.com/other")]
    [InlineData("https://mcp.example.com/mcp/sub")]
    [InlineData("https://mcp.example.com/mcp?tenant=1")]
    [InlineData("https://mcp.example.com/mcp#frag")]
    [InlineData("https://mcp.example.com/mcp/#frag")]
    [InlineData("http://mcp.example.com/mcp")]
    [InlineData("https://mcp.example.com:8443/mcp")]
    [InlineData("https://evil.example.com/mcp")]
    [InlineData("https://mcp.example.com.evil.com/mcp")]
    [InlineData("mcp.example.com/mcp")]
    [InlineData("")]
    [InlineData(null)]
    public void ResourceWithAnotherPathQueryFragmentSchemePortOrHost_DoesNotMatch(string? requested)
    {
        Assert.False(ResourceIndicator.Matches(Configured, requested));
    }

    [Theory]
    [InlineData("http://localhost:5100/mcp", "http://LOCALHOST:5100/mcp/", true)]
    [InlineData("http://localhost:80/mcp", "http://localhost/mcp", true)]
    [InlineData("https://mcp.example.com", "https://mcp.example.com/", true)]
    [InlineData("https://mcp.example.com/mcp?v=1", "https://mcp.example.com/mcp?v=1", true)]
    [InlineData("https://mcp.example.com/mcp?v=1", "https://mcp.example.com/mcp?v=2", false)]
    public void ConfiguredResource_IsCanonicalisedTheSameWay(string configured, string requested, bool expected)
    {
        Assert.Equal(expected, ResourceIndicator.Matches(configured, requested));
    }

    [Theory]
    [InlineData("https://mcp.example.com/mcp#")]
    [InlineData("https://mcp.example.com/mcp#x")]
    [InlineData("not a uri")]
    public void FragmentOrNonAbsoluteResource_HasNoCanonicalForm(string resource)
    {
        Assert.Null(ResourceIndicator.Canonicalize(resource));
    }
}
