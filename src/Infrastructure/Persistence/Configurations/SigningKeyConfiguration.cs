using CleanProxy.Domain.Keys;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CleanProxy.Infrastructure.Persistence.Configurations;

internal sealed class SigningKeyConfiguration : IEntityTypeConfiguration<SigningKey>
{
    public void Configure(EntityTypeBuilder<SigningKey> builder)
    {
        builder.ToTable("SigningKeys");
        builder.HasKey(k => k.KeyId);
        builder.Property(k => k.KeyId).HasMaxLength(64).IsUnicode(false);
        builder.HasIndex(k => k.Generation).IsUnique();
        builder.Property(k => k.Algorithm).HasMaxLength(16).IsUnicode(false);
        builder.Property(k => k.PublicJwk).HasMaxLength(2000).IsUnicode(false);
        builder.Property(k => k.ProtectedPrivateKey).IsUnicode(false);
    }
}
