using CleanProxy.Application.Common.OAuth;
using Mediator;

namespace CleanProxy.Application.Maintenance.Commands.PruneExpiredGrants;

/// <summary>Deletes grants nobody can use any more, in bounded batches. Safe to run on every instance at once.</summary>
public sealed record PruneExpiredGrantsCommand : ICommand<OAuthResult<PrunedGrants>>;

/// <summary>How many rows of each kind one run deleted (a session's vault record goes with it).</summary>
public sealed record PrunedGrants(int PendingAuthorizations, int AuthorizationCodes, int RefreshTokens, int Sessions)
{
    public int Total => PendingAuthorizations + AuthorizationCodes + RefreshTokens + Sessions;
}
