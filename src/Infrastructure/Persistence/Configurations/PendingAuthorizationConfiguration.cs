using CleanProxy.Domain.Authorization;
using CleanProxy.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CleanProxy.Infrastructure.Persistence.Configurations;

internal sealed class PendingAuthorizationConfiguration : IEntityTypeConfiguration<PendingAuthorization>
{
    public void Configure(EntityTypeBuilder<PendingAuthorization> builder)
    {
        builder.ToTable("PendingAuthorizations");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.StateHash).HasMaxLength(TokenHash.Length).IsFixedLength();
        builder.HasIndex(p => p.StateHash).IsUnique();
        builder.Property(p => p.ClientId).HasMaxLength(256).IsUnicode(false);
        builder.Property(p => p.RedirectUri).HasMaxLength(2048);
        builder.Property(p => p.CodeChallenge).HasMaxLength(64).IsUnicode(false);
        builder.Property(p => p.Scope).HasMaxLength(1000);
        builder.Property(p => p.Resource).HasMaxLength(2048);
        builder.Property(p => p.ClientState).HasMaxLength(2000);
        builder.Property(p => p.UpstreamNonce).HasMaxLength(64).IsUnicode(false);
        builder.Property(p => p.UpstreamCodeVerifier).HasMaxLength(128).IsUnicode(false);

        // Single use: EF updates "WHERE ConsumedAt IS NULL" and fails the save when another request got there first.
        builder.Property(p => p.ConsumedAt).IsConcurrencyToken();
        builder.HasIndex(p => p.ExpiresAt);
    }
}
