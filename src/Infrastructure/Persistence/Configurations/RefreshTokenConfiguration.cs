using CleanProxy.Domain.Common;
using CleanProxy.Domain.Sessions;
using CleanProxy.Domain.Tokens;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CleanProxy.Infrastructure.Persistence.Configurations;

internal sealed class RefreshTokenConfiguration : IEntityTypeConfiguration<RefreshToken>
{
    public void Configure(EntityTypeBuilder<RefreshToken> builder)
    {
        builder.ToTable("RefreshTokens");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.TokenHash).HasMaxLength(TokenHash.Length).IsFixedLength();
        builder.HasIndex(t => t.TokenHash).IsUnique();
        builder.Property(t => t.ClientId).HasMaxLength(256).IsUnicode(false);
        builder.Property(t => t.Scope).HasMaxLength(1000);
        builder.Property(t => t.Resource).HasMaxLength(2048);
        builder.Property(t => t.ConsumedAt).IsConcurrencyToken();
        builder.Property(t => t.ProtectedSuccessorToken).HasMaxLength(1024).IsUnicode(false);
        builder.HasOne<Session>().WithMany().HasForeignKey(t => t.SessionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => t.ExpiresAt);
    }
}
