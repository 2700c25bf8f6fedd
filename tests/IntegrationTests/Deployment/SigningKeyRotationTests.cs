using System.Buffers.Text;
using System.Net;
using System.Text.Json.Nodes;
using CleanProxy.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace CleanProxy.IntegrationTests.Deployment;

/// <summary>
/// Scheduled signing-key rotation, driven by the fake clock: a new key is published before it signs, and the old one
/// stays published until every token it signed has expired. Sign-in happens before the clock moves; later tokens come
/// from refreshes. The whole timeline stays within the upstream access token's hour, so the gateway still forwards.
/// </summary>
public sealed class SigningKeyRotationTests
{
    private const int Interval = 2400;
    private const int Lead = 600;
    private const int TokenLifetime = 600;

    private static Dictionary<string, string?> Settings => new()
    {
        ["CleanProxy:SigningKeys:RotationIntervalSeconds"] = $"{Interval}",
        ["CleanProxy:SigningKeys:PublishLeadSeconds"] = $"{Lead}",
        ["CleanProxy:Auth:Refresh:AccessTokenTtl"] = $"{TokenLifetime}",
    };

    [Fact]
    public async Task RotatedKey_IsPublishedBeforeItSigns_AndTheOldKeyStaysPublishedUntilItsTokensExpired()
    {
        await using var stack = new ProxyStack(Settings);
        await stack.InitializeAsync();
        using var client = new OAuthTestClient(stack);
        var (registered, code, verifier) = await client.AuthorizeAsync();
        var tokens = await client.ExchangeCodeAsync(registered, code, verifier);
        var first = KeyIdOf(tokens.AccessToken);
        Assert.Equal([first], await PublishedKeyIdsAsync(stack));

        // Rotation due (interval − lead): the next key is published, but the first one still signs.
        stack.Clock.Advance(TimeSpan.FromSeconds(Interval - Lead + 1));
        var published = await PublishedKeyIdsAsync(stack);
        var second = Assert.Single(published, k => k != first);
        Assert.Contains(first, published);
        tokens = await client.RefreshAsync(registered, tokens.RefreshToken);
        Assert.Equal(first, KeyIdOf(tokens.AccessToken));
        var signedByFirst = tokens.AccessToken;

        // After the lead the new key signs; the old one stays published for the tokens it signed.
        stack.Clock.Advance(TimeSpan.FromSeconds(Lead));
        tokens = await client.RefreshAsync(registered, tokens.RefreshToken);
        Assert.Equal(second, KeyIdOf(tokens.AccessToken));
        Assert.Equal([second, first], await PublishedKeyIdsAsync(stack));
        Assert.Equal(HttpStatusCode.OK, await GatewayStatusAsync(client, stack, signedByFirst));
        Assert.Equal(HttpStatusCode.OK, await GatewayStatusAsync(client, stack, tokens.AccessToken));

        // Once every token of the old key has expired (lifetime + the gateway's clock skew), it is withdrawn.
        stack.Clock.Advance(TimeSpan.FromSeconds(TokenLifetime + 31));
        Assert.Equal([second], await PublishedKeyIdsAsync(stack));
        Assert.Equal(2, await stack.QueryDatabaseAsync(db => db.SigningKeys.CountAsync()));
    }

    [Fact]
    public async Task TwoInstancesDueForRotationAtOnce_CreateOneNewKey_AndPublishTheSameSet()
    {
        await using var stack = new ProxyStack(Settings, proxyInstances: 2);
        await stack.InitializeAsync();

        stack.Clock.Advance(TimeSpan.FromSeconds(Interval - Lead + 1));
        using var http = new HttpClient();
        var sets = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
            string.Join(',', await PublishedKeyIdsAsync(stack, stack.ProxyInstanceUrls[i % 2], http))));

        Assert.Equal(2, await stack.QueryDatabaseAsync(db => db.SigningKeys.CountAsync()));
        Assert.Single(sets.Distinct(StringComparer.Ordinal));
        Assert.Equal(2, sets[0].Split(',').Length);
    }

    private static async Task<List<string>> PublishedKeyIdsAsync(ProxyStack stack, string? instanceUrl = null, HttpClient? http = null)
    {
        using var own = http is null ? new HttpClient() : null;
        var jwks = JsonNode.Parse(await (http ?? own!).GetStringAsync((instanceUrl ?? stack.ProxyUrl) + "/.well-known/jwks.json"))!;
        return jwks["keys"]!.AsArray().Select(k => k!["kid"]!.GetValue<string>()).ToList();
    }

    private static string KeyIdOf(string jwt)
        => JsonNode.Parse(Base64Url.DecodeFromChars(jwt.Split('.')[0]))!["kid"]!.GetValue<string>();

    private static async Task<HttpStatusCode> GatewayStatusAsync(OAuthTestClient client, ProxyStack stack, string accessToken)
    {
        var (status, _, response) = await McpHttp.CallAsync(client.Http, stack.McpUrl, accessToken, "initialize", McpHttp.InitializeParams);
        response.Dispose();
        return status;
    }
}
