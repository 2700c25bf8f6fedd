using CleanProxy.Domain.Clients;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CleanProxy.Infrastructure.Persistence.Configurations;

internal sealed class OAuthClientConfiguration : IEntityTypeConfiguration<OAuthClient>
{
    public void Configure(EntityTypeBuilder<OAuthClient> builder)
    {
        builder.ToTable("Clients");
        builder.HasKey(c => c.ClientId);
        builder.Property(c => c.ClientId).HasMaxLength(64).IsUnicode(false);
        builder.Property(c => c.SecretHash).HasMaxLength(200).IsUnicode(false);
        builder.Property(c => c.TokenEndpointAuthMethod).HasMaxLength(32).IsUnicode(false);
        builder.Property(c => c.ClientName).HasMaxLength(200);
        builder.Property(c => c.Scope).HasMaxLength(1000);
        builder.PrimitiveCollection(c => c.RedirectUris).HasField("_redirectUris").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.PrimitiveCollection(c => c.GrantTypes).HasField("_grantTypes").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(c => c.IsConfidential);
    }
}
