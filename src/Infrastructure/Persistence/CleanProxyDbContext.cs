using CleanProxy.Application.Common.Interfaces;
using CleanProxy.Domain.Authorization;
using CleanProxy.Domain.Clients;
using CleanProxy.Domain.Keys;
using CleanProxy.Domain.Sessions;
using CleanProxy.Domain.Tokens;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CleanProxy.Infrastructure.Persistence;

/// <summary>
/// The one database of every instance. Provider-specific subclasses exist only so that each provider has its own
/// migrations (<see cref="SqliteCleanProxyDbContext"/>, <see cref="SqlServerCleanProxyDbContext"/>).
/// </summary>
public abstract class CleanProxyDbContext(DbContextOptions options) : DbContext(options), IApplicationDbContext, IDataProtectionKeyContext
{
    public DbSet<OAuthClient> Clients => Set<OAuthClient>();

    public DbSet<PendingAuthorization> PendingAuthorizations => Set<PendingAuthorization>();

    public DbSet<AuthorizationCode> AuthorizationCodes => Set<AuthorizationCode>();

    public DbSet<Session> Sessions => Set<Session>();

    public DbSet<UpstreamTokenVault> UpstreamTokens => Set<UpstreamTokenVault>();

    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();

    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();

    /// <summary>ASP.NET Data Protection keys, shared by every instance (they encrypt upstream tokens and private keys).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CleanProxyDbContext).Assembly);
    }
}

public sealed class SqliteCleanProxyDbContext(DbContextOptions<SqliteCleanProxyDbContext> options) : CleanProxyDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date type: store UTC instants as sortable integers so comparisons and ORDER BY work in SQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToUnixMillisecondsConverter>();
    }
}

public sealed class SqlServerCleanProxyDbContext(DbContextOptions<SqlServerCleanProxyDbContext> options) : CleanProxyDbContext(options);
