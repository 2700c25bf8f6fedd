using CleanProxy.Application.Common.Options;
using CleanProxy.Infrastructure.Clients;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CleanProxy.UnitTests.Infrastructure.Clients;

public sealed class ClientMetadataDocumentFetcherTests
{
    [Theory]
    [InlineData("https://localhost:1/client.json")] // a name resolving to loopback
    [InlineData("https://127.0.0.1:1/client.json")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://[fd00:ec2::254]/latest")]
    public async Task InternalHosts_AreRefusedBeforeAnyConnection(string url)
    {
        using var fetcher = new ClientMetadataDocumentFetcher(Options.Create(new CleanProxyOptions()), TimeProvider.System, NullLogger<ClientMetadataDocumentFetcher>.Instance);

        var result = await fetcher.GetAsync(url, TestContext.Current.CancellationToken);

        Assert.False(result.Succeeded);
        Assert.Equal("invalid_client", result.Error.Code);
        Assert.Contains("resolves to an address the proxy does not connect to", result.Error.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://app.example/client.json", false, null)]
    [InlineData("http://app.example/client.json", false, "https")]
    [InlineData("http://127.0.0.1:8080/client.json", false, "https")]
    [InlineData("http://127.0.0.1:8080/client.json", true, null)]
    [InlineData("http://app.example/client.json", true, "https")] // the escape hatch is for loopback only
    [InlineData("https://app.example", false, "path")]
    [InlineData("https://app.example/", false, "path")]
    [InlineData("https://app.example/a/../client.json", false, "dot segments")]
    [InlineData("https://app.example/client.json#frag", false, "fragment")]
    [InlineData("https://user@app.example/client.json", false, "user info")]
    [InlineData("not a url", false, "absolute")]
    public void ClientIdUrls_AreCheckedBeforeFetching(string url, bool allowLoopback, string? problem)
    {
        var found = ClientMetadataDocumentFetcher.CheckUrl(url, allowLoopback);

        if (problem is null)
        {
            Assert.Null(found);
        }
        else
        {
            Assert.Contains(problem, found, StringComparison.Ordinal);
        }
    }
}
