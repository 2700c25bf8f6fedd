using CleanProxy.Application.Common.Persistence;
using CleanProxy.Domain.Authorization;
using CleanProxy.Domain.Common;
using CleanProxy.Domain.Sessions;
using CleanProxy.Domain.Tokens;
using CleanProxy.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CleanProxy.UnitTests.Infrastructure.Persistence;

/// <summary>
/// Single use is the database's job: the consumed-at columns are concurrency tokens, so of two requests that both saw a
/// grant unused, only the first save wins — checked here against the real SQLite schema.
/// </summary>
public sealed class SingleUseConcurrencyTests : IDisposable
{
    private const string Challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    private const string Verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly SqliteTestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task TwoCallbacksWithOneState_OnlyTheFirstConsumesThePendingAuthorization()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var pending = Pending();
        await SeedAsync(context => context.PendingAuthorizations.Add(pending));
        await using var first = _database.CreateContext();
        await using var second = _database.CreateContext();
        var seenByFirst = await first.PendingAuthorizations.SingleAsync(p => p.Id == pending.Id, cancellationToken);
        var seenBySecond = await second.PendingAuthorizations.SingleAsync(p => p.Id == pending.Id, cancellationToken);

        Assert.Equal(ConsumeOutcome.Consumed, seenByFirst.Consume(Now));
        Assert.Equal(ConsumeOutcome.Consumed, seenBySecond.Consume(Now.AddMilliseconds(1)));
        var firstSaved = await first.TrySaveConsumingAsync(cancellationToken);
        var secondSaved = await second.TrySaveConsumingAsync(cancellationToken);

        Assert.True(firstSaved);
        Assert.False(secondSaved);
        Assert.Empty(second.ChangeTracker.Entries());
    }

    [Fact]
    public async Task TwoParallelRedemptionsOfOneCode_OnlyTheFirstIsSaved_AndTheLoserWritesNothing()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var session = Session.Start("subject-1", "client-1", "openid", "https://mcp.example.com/mcp", "{}", Now);
        var code = AuthorizationCode.Issue("fac_code", session.Id, Pending(), Now);
        await SeedAsync(context =>
        {
            context.Sessions.Add(session);
            context.AuthorizationCodes.Add(code);
        });
        await using var first = _database.CreateContext();
        await using var second = _database.CreateContext();
        var codeOfFirst = await first.AuthorizationCodes.SingleAsync(c => c.Id == code.Id, cancellationToken);
        var codeOfSecond = await second.AuthorizationCodes.SingleAsync(c => c.Id == code.Id, cancellationToken);

        Assert.Equal(CodeRedemption.Redeemed, codeOfFirst.Redeem("client-1", "https://app.example.com/cb", Verifier, Now));
        Assert.Equal(CodeRedemption.Redeemed, codeOfSecond.Redeem("client-1", "https://app.example.com/cb", Verifier, Now));
        var tokenOfFirst = RefreshToken.Issue("frt_first", session.Id, "client-1", "openid", "https://mcp.example.com/mcp", TimeSpan.FromDays(1), Now);
        var tokenOfSecond = RefreshToken.Issue("frt_second", session.Id, "client-1", "openid", "https://mcp.example.com/mcp", TimeSpan.FromDays(1), Now);
        first.RefreshTokens.Add(tokenOfFirst);
        second.RefreshTokens.Add(tokenOfSecond);

        Assert.True(await first.TrySaveConsumingAsync(cancellationToken));
        Assert.False(await second.TrySaveConsumingAsync(cancellationToken));

        await using var check = _database.CreateContext();
        var stored = await check.RefreshTokens.Select(t => t.Id).ToListAsync(cancellationToken);
        Assert.Equal([tokenOfFirst.Id], stored);
    }

    [Fact]
    public async Task TwoParallelRotationsOfOneRefreshToken_OnlyTheFirstSuccessorIsStored()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var session = Session.Start("subject-1", "client-1", "openid", "https://mcp.example.com/mcp", "{}", Now);
        var presented = RefreshToken.Issue("frt_presented", session.Id, "client-1", "openid", "https://mcp.example.com/mcp", TimeSpan.FromDays(1), Now);
        await SeedAsync(context =>
        {
            context.Sessions.Add(session);
            context.RefreshTokens.Add(presented);
        });
        await using var first = _database.CreateContext();
        await using var second = _database.CreateContext();
        var presentedToFirst = await first.RefreshTokens.SingleAsync(t => t.Id == presented.Id, cancellationToken);
        var presentedToSecond = await second.RefreshTokens.SingleAsync(t => t.Id == presented.Id, cancellationToken);
        var successorOfFirst = RefreshToken.Issue("frt_a", session.Id, "client-1", "openid", "https://mcp.example.com/mcp", TimeSpan.FromDays(1), Now);
        var successorOfSecond = RefreshToken.Issue("frt_b", session.Id, "client-1", "openid", "https://mcp.example.com/mcp", TimeSpan.FromDays(1), Now);

        Assert.Equal(ConsumeOutcome.Consumed, presentedToFirst.Rotate(successorOfFirst, Now));
        Assert.Equal(ConsumeOutcome.Consumed, presentedToSecond.Rotate(successorOfSecond, Now));
        first.RefreshTokens.Add(successorOfFirst);
        second.RefreshTokens.Add(successorOfSecond);

        Assert.True(await first.TrySaveConsumingAsync(cancellationToken));
        Assert.False(await second.TrySaveConsumingAsync(cancellationToken));

        await using var check = _database.CreateContext();
        var successors = await check.RefreshTokens.Where(t => t.Id != presented.Id).Select(t => t.Id).ToListAsync(cancellationToken);
        Assert.Equal([successorOfFirst.Id], successors);
        var stored = await check.RefreshTokens.SingleAsync(t => t.Id == presented.Id, cancellationToken);
        Assert.Equal(successorOfFirst.Id, stored.ReplacedById);
    }

    private async Task SeedAsync(Action<CleanProxyDbContext> seed)
    {
        await using var context = _database.CreateContext();
        seed(context);
        await context.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    private static PendingAuthorization Pending()
        => PendingAuthorization.Create(
            OpaqueToken.Create(), "client-1", "https://app.example.com/cb", true, Challenge, "openid",
            "https://mcp.example.com/mcp", "client-state", "nonce", "upstream-verifier", Now);
}
