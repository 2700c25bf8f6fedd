using System.Net;
using System.Text.Json.Nodes;
using CleanProxy.Domain.Authorization;
using CleanProxy.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace CleanProxy.IntegrationTests.Deployment;

/// <summary>
/// Many requests for one single-use grant, spread round-robin over every proxy instance of a stack: exactly one may
/// win, the others get a precise OAuth error, and nothing is forked or half-written. Shared by the SQLite two-instance
/// tests and the SQL Server tests so both providers prove the same thing.
/// </summary>
internal static class RaceScenarios
{
    public const int Contenders = 16;

    /// <summary>The stack's instances started together on an empty database: one migration, one signing key, no error.</summary>
    public static async Task InstancesStartedTogether_MigrateOnce_AndShareOneSigningKey(ProxyStack stack)
    {
        Assert.Equal(1, await stack.QueryDatabaseAsync(db => db.SigningKeys.CountAsync()));
        Assert.Empty(await stack.QueryDatabaseAsync(db => db.Database.GetPendingMigrationsAsync()));
        var errors = stack.ProxyLogs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => e.Length > 600 ? e[..600] : e)));

        using var http = new HttpClient();
        var jwks = await Task.WhenAll(stack.ProxyInstanceUrls.Select(async url =>
            JsonNode.Parse(await http.GetStringAsync(url + "/.well-known/jwks.json"))!["keys"]!.ToJsonString()));
        Assert.Single(jwks.Distinct(StringComparer.Ordinal));
    }

    public static async Task SameCodeRedeemedConcurrently_YieldsExactlyOneTokenResponse(ProxyStack stack)
    {
        using var client = new OAuthTestClient(stack);
        var (registered, code, verifier) = await client.AuthorizeAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, Contenders).Select(i =>
            InstanceRequests.ExchangeCodeAsync(client.Http, InstanceUrl(stack, i), registered, code, verifier)));

        Assert.Single(results, r => r.Status == HttpStatusCode.OK);
        Assert.All(results.Where(r => r.Status != HttpStatusCode.OK), r => r.AssertError(HttpStatusCode.BadRequest, "invalid_grant"));
        var issued = await stack.QueryDatabaseAsync(db => db.RefreshTokens.CountAsync(t => t.ClientId == registered.ClientId));
        Assert.Equal(1, issued);
    }

    public static async Task SameRefreshTokenConcurrently_YieldsAtMostOneSuccessor_AndNoForkedFamily(ProxyStack stack)
    {
        using var client = new OAuthTestClient(stack);
        var (registered, code, verifier) = await client.AuthorizeAsync();
        var tokens = await client.ExchangeCodeAsync(registered, code, verifier);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);

        var results = await Task.WhenAll(Enumerable.Range(0, Contenders).Select(i =>
            InstanceRequests.RefreshAsync(client.Http, InstanceUrl(stack, i), registered, tokens.RefreshToken)));

        // Holds with and without a grace window for a lost response: one winner, every other answer a precise error or
        // the very same successor, never a second one.
        var granted = results.Where(r => r.Status == HttpStatusCode.OK).ToList();
        Assert.NotEmpty(granted);
        Assert.Single(granted.Select(r => r.RefreshToken).Distinct(StringComparer.Ordinal));
        Assert.All(results.Where(r => r.Status != HttpStatusCode.OK), r => r.AssertError(HttpStatusCode.BadRequest, "invalid_grant"));

        var family = await stack.QueryDatabaseAsync(db => db.RefreshTokens.Where(t => t.ClientId == registered.ClientId)
            .Select(t => new { t.Id, t.ReplacedById, t.ConsumedAt }).ToListAsync());
        Assert.Equal(2, family.Count);
        var original = Assert.Single(family, t => t.ReplacedById is not null);
        Assert.Contains(family, t => t.Id == original.ReplacedById);
        Assert.Equal(1, await stack.QueryDatabaseAsync(db => db.Sessions.CountAsync(s => s.ClientId == registered.ClientId)));
    }

    public static async Task SameCallbackConcurrently_YieldsOneCode(ProxyStack stack)
    {
        using var client = new OAuthTestClient(stack);
        var registered = await client.RegisterAsync();
        using var browser = new UserAgent();
        var callback = await browser.LoginAtIdentityProviderAsync(
            client.AuthorizeUrl(registered, Pkce.ComputeS256Challenge(Pkce.CreateVerifier())), registered.RedirectUri);

        var responses = await Task.WhenAll(Enumerable.Range(0, Contenders / 2).Select(async i =>
        {
            using var response = await client.Http.GetAsync(InstanceRequests.OnInstance(callback, stack, InstanceUrl(stack, i)));
            return (response.StatusCode, Location: response.Headers.Location, Body: await response.Content.ReadAsStringAsync());
        }));

        Assert.All(responses, r => Assert.True((int)r.StatusCode < 500, $"{(int)r.StatusCode}: {r.Body}"));
        var withCode = responses.Where(r => r.Location is { } l && UserAgent.QueryOf(l).ContainsKey("code")).ToList();
        Assert.Single(withCode);
        Assert.All(responses.Except(withCode), r => Assert.Equal("invalid_request", ErrorOf(r.Location, r.Body)));
        Assert.Equal(1, await stack.QueryDatabaseAsync(db => db.AuthorizationCodes.CountAsync(c => c.ClientId == registered.ClientId)));
        Assert.Equal(1, await stack.QueryDatabaseAsync(db => db.Sessions.CountAsync(s => s.ClientId == registered.ClientId)));
    }

    /// <summary>The main flow with every step on a different instance than the one before.</summary>
    public static async Task TokensFromOneInstance_AreAcceptedByEveryOther(ProxyStack stack)
    {
        using var client = new OAuthTestClient(stack);
        var instances = stack.ProxyInstanceUrls;
        var (registered, code, verifier) = await client.AuthorizeAsync();
        var tokens = await InstanceRequests.ExchangeCodeAsync(client.Http, instances[^1], registered, code, verifier);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);

        foreach (var instance in instances)
        {
            var (status, message, response) = await McpHttp.CallAsync(client.Http, instance + "/mcp", tokens.AccessToken, "initialize", McpHttp.InitializeParams);
            response.Dispose();
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.NotNull(message?["result"]);
        }

        var refreshed = await InstanceRequests.RefreshAsync(client.Http, instances[0], registered, tokens.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        var again = await InstanceRequests.RefreshAsync(client.Http, instances[^1], registered, refreshed.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, again.Status);
    }

    /// <summary>Revocation at one instance ends the family at every other: no instance caches a session.</summary>
    public static async Task RevocationAtOneInstance_IsHonouredByEveryOther(ProxyStack stack)
    {
        using var client = new OAuthTestClient(stack);
        var instances = stack.ProxyInstanceUrls;
        var (registered, code, verifier) = await client.AuthorizeAsync();
        var tokens = await InstanceRequests.ExchangeCodeAsync(client.Http, instances[0], registered, code, verifier);
        var (before, _, beforeResponse) = await McpHttp.CallAsync(client.Http, instances[^1] + "/mcp", tokens.AccessToken, "initialize", McpHttp.InitializeParams);
        beforeResponse.Dispose();
        Assert.Equal(HttpStatusCode.OK, before);

        using var revoke = await client.Http.PostAsync(instances[0] + "/oauth/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = tokens.RefreshToken, ["client_id"] = registered.ClientId,
        }));
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);

        foreach (var instance in instances.Skip(1))
        {
            var (status, _, response) = await McpHttp.CallAsync(client.Http, instance + "/mcp", tokens.AccessToken, "initialize", McpHttp.InitializeParams);
            response.Dispose();
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            (await InstanceRequests.RefreshAsync(client.Http, instance, registered, tokens.RefreshToken)).AssertError(HttpStatusCode.BadRequest, "invalid_grant");
        }
    }

    public static string InstanceUrl(ProxyStack stack, int i) => stack.ProxyInstanceUrls[i % stack.ProxyInstanceUrls.Count];

    /// <summary>The error of a refused callback: in the redirect to the client, or in the JSON of an error page.</summary>
    private static string? ErrorOf(Uri? location, string body)
    {
        if (location is not null)
        {
            return UserAgent.QueryOf(location).GetValueOrDefault("error");
        }

        // The error page names the code as <code>…</code>.
        var match = System.Text.RegularExpressions.Regex.Match(body, "<code>([a-z_]+)</code>");
        return match.Success ? match.Groups[1].Value : body;
    }
}
