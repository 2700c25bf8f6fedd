using CleanProxy.Domain.Authorization;
using CleanProxy.Domain.Clients;
using CleanProxy.Domain.Keys;
using CleanProxy.Domain.Sessions;
using CleanProxy.Domain.Tokens;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace CleanProxy.Application.Common.Interfaces;

/// <summary>The persistence port: handlers query and change entities directly, no repository on top.</summary>
public interface IApplicationDbContext
{
    DbSet<OAuthClient> Clients { get; }

    DbSet<PendingAuthorization> PendingAuthorizations { get; }

    DbSet<AuthorizationCode> AuthorizationCodes { get; }

    DbSet<Session> Sessions { get; }

    DbSet<UpstreamTokenVault> UpstreamTokens { get; }

    DbSet<RefreshToken> RefreshTokens { get; }

    DbSet<SigningKey> SigningKeys { get; }

    ChangeTracker ChangeTracker { get; }

    Task<int> SaveChangesAsync(CancellationToken cancellationToken);
}
