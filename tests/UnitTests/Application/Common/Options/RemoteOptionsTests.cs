using CleanProxy.Application.Common.Options;

namespace CleanProxy.UnitTests.Application.Common.Options;

public sealed class RemoteOptionsTests
{
    private static readonly RemoteOptions Remote = new()
    {
        Scopes = ["openid", "profile"],
        ScopeMapping = new(StringComparer.Ordinal)
        {
            ["offline_access"] = "offline_access",
            ["files"] = "api://files/read  api://files/write",
            ["profile"] = "profile",
        },
    };

    [Fact]
    public void UpstreamScopes_AreTheConfiguredOnes_WhenNoGrantedScopeIsMapped()
    {
        Assert.Equal(["openid", "profile"], Remote.UpstreamScopesFor(["openid", "email"]));
    }

    [Fact]
    public void GrantedMappedScopes_AddTheirUpstreamScopes_InOrder_WithoutDuplicates()
    {
        Assert.Equal(
            ["openid", "profile", "api://files/read", "api://files/write", "offline_access"],
            Remote.UpstreamScopesFor(["files", "profile", "offline_access"]));
    }
}
