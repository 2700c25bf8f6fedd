using CleanProxy.Application.Common.Interfaces;
using CleanProxy.Application.Common.OAuth;
using CleanProxy.Application.Common.Options;
using CleanProxy.Domain.Authorization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CleanProxy.Application.Maintenance.Commands.PruneExpiredGrants;

/// <summary>
/// Each kind is deleted with set-based <c>DELETE … WHERE</c> statements of at most <c>PruneBatchSize</c> rows, so no
/// run holds long locks and two instances pruning at once only delete the same rows once (deleting is idempotent).
/// Redeemed codes and rotated refresh tokens stay <c>ReplayDetectionRetentionSeconds</c> past their expiry, so that
/// presenting one again is still recognised as a replay and revokes its family.
/// </summary>
public sealed class PruneExpiredGrantsCommandHandler(
    IApplicationDbContext db,
    IOptions<CleanProxyOptions> options,
    TimeProvider time) : ICommandHandler<PruneExpiredGrantsCommand, OAuthResult<PrunedGrants>>
{
    /// <summary>Bounds one run; whatever is left is deleted by the next.</summary>
    private const int MaxBatchesPerKind = 20;

    public async ValueTask<OAuthResult<PrunedGrants>> Handle(PruneExpiredGrantsCommand command, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var batch = settings.Maintenance.PruneBatchSize;
        var now = time.GetUtcNow();
        var replayCutoff = now - TimeSpan.FromSeconds(settings.Maintenance.ReplayDetectionRetentionSeconds);

        // A session without codes or refresh tokens left can only have access tokens from its code exchange, which
        // happened within a code lifetime of its creation; once those have expired, nothing can use it.
        var lastAccessTokenLifetime = AuthorizationCode.Lifetime
            + TimeSpan.FromSeconds(settings.Auth.Refresh.AccessTokenTtl)
            + TimeSpan.FromSeconds(settings.Gateway.ClockSkewSeconds);
        var orphanCutoff = now - lastAccessTokenLifetime;

        var pending = await DeleteInBatchesAsync(db.PendingAuthorizations.Where(p => p.ExpiresAt <= now), batch, cancellationToken);
        var codes = await DeleteInBatchesAsync(
            db.AuthorizationCodes.Where(c => (c.RedeemedAt == null && c.ExpiresAt <= now) || c.ExpiresAt <= replayCutoff), batch, cancellationToken);
        var refreshTokens = await DeleteInBatchesAsync(
            db.RefreshTokens.Where(t => (t.ConsumedAt == null && t.ExpiresAt <= now) || t.ExpiresAt <= replayCutoff), batch, cancellationToken);

        // Deleting a session cascades to its vault record (the encrypted upstream tokens) and whatever grants it has left.
        var sessions = await DeleteInBatchesAsync(
            db.Sessions.Where(s => (s.RevokedAt != null && s.RevokedAt <= replayCutoff)
                || (s.CreatedAt <= orphanCutoff
                    && !db.RefreshTokens.Any(t => t.SessionId == s.Id)
                    && !db.AuthorizationCodes.Any(c => c.SessionId == s.Id))),
            batch,
            cancellationToken);

        return new PrunedGrants(pending, codes, refreshTokens, sessions);
    }

    private static async Task<int> DeleteInBatchesAsync<T>(IQueryable<T> expired, int batchSize, CancellationToken cancellationToken)
    {
        var total = 0;
        for (var i = 0; i < MaxBatchesPerKind; i++)
        {
            var deleted = await expired.Take(batchSize).ExecuteDeleteAsync(cancellationToken);
            total += deleted;
            if (deleted < batchSize)
            {
                break;
            }
        }

        return total;
    }
}
