using System.Net;
using CleanProxy.Application.Maintenance.Commands.PruneExpiredGrants;
using CleanProxy.Domain.Authorization;
using CleanProxy.IntegrationTests.Support;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CleanProxy.IntegrationTests.Deployment;

/// <summary>
/// The cleanup job: expired grants disappear, live ones and replay evidence stay, and several runs at once are safe.
/// Every sign-in happens before the clock moves (a moved clock would make the IdP's fresh id_token look stale).
/// </summary>
public sealed class GrantPruningTests
{
    private static readonly Dictionary<string, string?> ShortLivedAccessTokens = new()
    {
        ["CleanProxy:Auth:Refresh:AccessTokenTtl"] = "600",
        ["CleanProxy:Maintenance:ReplayDetectionRetentionSeconds"] = "3600",
    };

    [Fact]
    public async Task PruneRun_DeletesAbandonedSignInsAndUnusedCodesWithTheirSession_AndKeepsLiveGrants()
    {
        await using var stack = await StartAsync(ShortLivedAccessTokens);
        using var client = new OAuthTestClient(stack);
        var (live, liveCode, liveVerifier) = await client.AuthorizeAsync();
        var liveTokens = await client.ExchangeCodeAsync(live, liveCode, liveVerifier);
        var abandoned = await StartSignInWithoutFinishingAsync(client);
        var (unused, _, _) = await client.AuthorizeAsync();

        stack.Clock.Advance(TimeSpan.FromMinutes(12)); // past the sign-in state, the code and its access token lifetime
        var pruned = await PruneAsync(stack);

        Assert.True(pruned.PendingAuthorizations >= 1 && pruned.AuthorizationCodes >= 1 && pruned.Sessions >= 1, pruned.ToString());
        Assert.Equal(0, await stack.QueryDatabaseAsync(db => db.PendingAuthorizations.CountAsync(p => p.ClientId == abandoned.ClientId)));
        Assert.Equal(0, await stack.QueryDatabaseAsync(db => db.AuthorizationCodes.CountAsync(c => c.ClientId == unused.ClientId)));
        Assert.Equal(0, await stack.QueryDatabaseAsync(db => db.Sessions.CountAsync(s => s.ClientId == unused.ClientId)));
        Assert.Equal(
            await stack.QueryDatabaseAsync(db => db.Sessions.CountAsync()),
            await stack.QueryDatabaseAsync(db => db.UpstreamTokens.CountAsync()));
        Assert.Equal(HttpStatusCode.OK, (await client.RefreshAsync(live, liveTokens.RefreshToken)).Status);
    }

    [Fact]
    public async Task RedeemedCode_IsKeptForReplayDetection_AndTheRevokedFamilyIsPrunedAfterTheRetention()
    {
        await using var stack = await StartAsync(ShortLivedAccessTokens);
        using var client = new OAuthTestClient(stack);
        var (registered, code, verifier) = await client.AuthorizeAsync();
        var tokens = await client.ExchangeCodeAsync(registered, code, verifier);

        stack.Clock.Advance(TimeSpan.FromMinutes(2));
        await PruneAsync(stack);
        var replay = await client.ExchangeCodeAsync(registered, code, verifier);

        replay.AssertError(HttpStatusCode.BadRequest, "invalid_grant");
        (await client.RefreshAsync(registered, tokens.RefreshToken)).AssertError(HttpStatusCode.BadRequest, "invalid_grant");

        stack.Clock.Advance(TimeSpan.FromHours(1));
        await PruneAsync(stack);

        Assert.Equal(0, await stack.QueryDatabaseAsync(db => db.AuthorizationCodes.CountAsync(c => c.ClientId == registered.ClientId)));
        Assert.Equal(0, await stack.QueryDatabaseAsync(db => db.Sessions.CountAsync(s => s.ClientId == registered.ClientId)));
        Assert.Equal(0, await stack.QueryDatabaseAsync(db => db.RefreshTokens.CountAsync(t => t.ClientId == registered.ClientId)));
        Assert.Equal(0, await stack.QueryDatabaseAsync(db => db.UpstreamTokens.CountAsync()));
    }

    [Fact]
    public async Task RotatedRefreshToken_IsKeptForReplayDetectionPastItsExpiry()
    {
        await using var stack = await StartAsync(new Dictionary<string, string?>(ShortLivedAccessTokens) { ["CleanProxy:Auth:Refresh:RefreshTokenTtl"] = "900" });
        using var client = new OAuthTestClient(stack);
        var (registered, code, verifier) = await client.AuthorizeAsync();
        var tokens = await client.ExchangeCodeAsync(registered, code, verifier);
        var rotated = await client.RefreshAsync(registered, tokens.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, rotated.Status);

        stack.Clock.Advance(TimeSpan.FromMinutes(16)); // both refresh tokens expired, the rotated one within the retention
        await PruneAsync(stack);

        var ids = await stack.QueryDatabaseAsync(db => db.RefreshTokens.Where(t => t.ClientId == registered.ClientId).Select(t => t.ConsumedAt != null).ToListAsync());
        Assert.Equal([true], ids);
    }

    [Fact]
    public async Task ConcurrentPruneRunsInSmallBatches_DeleteEveryExpiredRowExactlyOnce()
    {
        await using var stack = await StartAsync(new Dictionary<string, string?> { ["CleanProxy:Maintenance:PruneBatchSize"] = "2" });
        using var client = new OAuthTestClient(stack);
        for (var i = 0; i < 7; i++)
        {
            await StartSignInWithoutFinishingAsync(client);
        }

        var before = await stack.QueryDatabaseAsync(db => db.PendingAuthorizations.CountAsync());
        stack.Clock.Advance(PendingAuthorization.Lifetime);

        // Each run has its own scope and connection, as two instances would.
        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => PruneAsync(stack)));

        Assert.Equal(before, runs.Sum(r => r.PendingAuthorizations));
        Assert.Equal(0, await stack.QueryDatabaseAsync(db => db.PendingAuthorizations.CountAsync()));
    }

    [Fact]
    public async Task PruningService_RunsOnItsInterval()
    {
        await using var stack = await StartAsync(new Dictionary<string, string?> { ["CleanProxy:Maintenance:PruneIntervalSeconds"] = "60" });
        using var client = new OAuthTestClient(stack);
        var abandoned = await StartSignInWithoutFinishingAsync(client);

        stack.Clock.Advance(PendingAuthorization.Lifetime + TimeSpan.FromSeconds(60));

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await stack.QueryDatabaseAsync(db => db.PendingAuthorizations.CountAsync(p => p.ClientId == abandoned.ClientId)) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the pruning service did not run");
            await Task.Delay(100);
        }

        Assert.Contains(stack.ProxyLogs.Lines, l => l.Contains("Pruned expired grants", StringComparison.Ordinal));
    }

    private static async Task<ProxyStack> StartAsync(Dictionary<string, string?> settings)
    {
        var stack = new ProxyStack(settings);
        await stack.InitializeAsync();
        return stack;
    }

    private static async Task<PrunedGrants> PruneAsync(ProxyStack stack)
    {
        await using var scope = stack.ProxyServices.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new PruneExpiredGrantsCommand());
        Assert.True(result.Succeeded);
        return result.Value;
    }

    /// <summary>The authorization request is accepted (a sign-in state is stored) and the user never comes back.</summary>
    private static async Task<RegisteredTestClient> StartSignInWithoutFinishingAsync(OAuthTestClient client)
    {
        var registered = await client.RegisterAsync();
        using var response = await client.Http.GetAsync(client.AuthorizeUrl(registered, Pkce.ComputeS256Challenge(Pkce.CreateVerifier())));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return registered;
    }
}
