using CleanProxy.Application.Common.Interfaces;
using CleanProxy.Domain.Sessions;
using Microsoft.EntityFrameworkCore;

namespace CleanProxy.Application.Common.Persistence;

public static class SessionRevocation
{
    /// <summary>
    /// Revokes the session (every refresh and access token of its family dies with it) and deletes its upstream
    /// tokens: a revoked session must leave no usable credential behind. The caller saves the revocation; the delete
    /// is immediate, and without the vault the gateway refuses the family even before that save.
    /// </summary>
    public static async Task RevokeSessionAsync(this IApplicationDbContext db, Session session, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        session.Revoke(reason, now);

        // A direct delete, idempotent: parallel losers of one code or refresh token all revoke the same session.
        await db.UpstreamTokens.Where(v => v.SessionId == session.Id).ExecuteDeleteAsync(cancellationToken);
    }
}
