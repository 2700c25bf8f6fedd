using CleanProxy.Domain.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CleanProxy.Infrastructure.Persistence.Configurations;

internal sealed class SessionConfiguration : IEntityTypeConfiguration<Session>
{
    public void Configure(EntityTypeBuilder<Session> builder)
    {
        builder.ToTable("Sessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Subject).HasMaxLength(255);
        builder.Property(s => s.ClientId).HasMaxLength(256).IsUnicode(false);
        builder.Property(s => s.Scope).HasMaxLength(1000);
        builder.Property(s => s.Resource).HasMaxLength(2048);
        builder.Property(s => s.IdentityClaimsJson);
        builder.Property(s => s.RevocationReason).HasMaxLength(200);
        builder.Ignore(s => s.IsActive);
        builder.HasIndex(s => s.Subject);
    }
}

internal sealed class UpstreamTokenVaultConfiguration : IEntityTypeConfiguration<UpstreamTokenVault>
{
    public void Configure(EntityTypeBuilder<UpstreamTokenVault> builder)
    {
        builder.ToTable("UpstreamTokenVault");
        builder.HasKey(v => v.SessionId);
        builder.HasOne<Session>().WithOne().HasForeignKey<UpstreamTokenVault>(v => v.SessionId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(v => v.ProtectedAccessToken).IsUnicode(false);
        builder.Property(v => v.ProtectedRefreshToken).IsUnicode(false);

        // Only the lease holder may store refreshed tokens: UPDATE … WHERE RefreshLeaseId = @mine.
        builder.Property(v => v.RefreshLeaseId).IsConcurrencyToken();
    }
}
