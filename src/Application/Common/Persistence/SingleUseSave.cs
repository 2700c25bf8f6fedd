using CleanProxy.Application.Common.Interfaces;
using Microsoft.EntityFrameworkCore;

namespace CleanProxy.Application.Common.Persistence;

public static class SingleUseSave
{
    /// <summary>
    /// Saves changes that consume a single-use grant. The consumed-at columns are concurrency tokens, so EF issues
    /// <c>UPDATE … WHERE consumed_at IS NULL</c> and checks that exactly one row changed — in the same transaction as
    /// the rows the grant issues. False means another request consumed it first and nothing was written.
    /// </summary>
    public static async Task<bool> TrySaveConsumingAsync(this IApplicationDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException exception)
        {
            // Nothing of this attempt may be written by a later save in the same scope.
            _ = exception;
            db.ChangeTracker.Clear();
            return false;
        }
    }
}
