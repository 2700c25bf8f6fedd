using CleanProxy.Domain.Authorization;
using CleanProxy.Domain.Common;
using CleanProxy.Domain.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CleanProxy.Infrastructure.Persistence.Configurations;

internal sealed class AuthorizationCodeConfiguration : IEntityTypeConfiguration<AuthorizationCode>
{
    public void Configure(EntityTypeBuilder<AuthorizationCode> builder)
    {
        builder.ToTable("AuthorizationCodes");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.CodeHash).HasMaxLength(TokenHash.Length).IsFixedLength();
        builder.HasIndex(c => c.CodeHash).IsUnique();
        builder.Property(c => c.ClientId).HasMaxLength(256).IsUnicode(false);
        builder.Property(c => c.RedirectUri).HasMaxLength(2048);
        builder.Property(c => c.CodeChallenge).HasMaxLength(64).IsUnicode(false);
        builder.Property(c => c.Scope).HasMaxLength(1000);
        builder.Property(c => c.Resource).HasMaxLength(2048);
        builder.Property(c => c.RedeemedAt).IsConcurrencyToken();
        builder.HasOne<Session>().WithMany().HasForeignKey(c => c.SessionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => c.ExpiresAt);
    }
}
