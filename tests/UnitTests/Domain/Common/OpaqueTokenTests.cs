using System.Buffers.Text;
using CleanProxy.Domain.Common;

namespace CleanProxy.UnitTests.Domain.Common;

public sealed class OpaqueTokenTests
{
    [Theory]
    [InlineData(OpaqueToken.AuthorizationCodePrefix)]
    [InlineData(OpaqueToken.RefreshTokenPrefix)]
    [InlineData("")]
    public void CreatedToken_IsItsPrefixFollowedBy256RandomBitsInBase64Url(string prefix)
    {
        var token = OpaqueToken.Create(prefix);

        Assert.StartsWith(prefix, token, StringComparison.Ordinal);
        var body = token[prefix.Length..];
        Assert.Equal(43, body.Length);
        Assert.Equal(32, Base64Url.DecodeFromChars(body).Length);
    }

    [Fact]
    public void CreatedTokens_NeverRepeat()
    {
        var tokens = Enumerable.Range(0, 1000).Select(_ => OpaqueToken.Create()).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(1000, tokens.Count);
    }
}
