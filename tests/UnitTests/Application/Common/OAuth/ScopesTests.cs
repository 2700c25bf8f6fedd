using CleanProxy.Application.Common.OAuth;

namespace CleanProxy.UnitTests.Application.Common.OAuth;

public sealed class ScopesTests
{
    private static readonly string[] Supported = ["openid", "profile", "email", "offline_access"];

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void MissingScope_ParsesAsNoScopes(string? scope)
    {
        Assert.Empty(Scopes.Parse(scope));
    }

    [Fact]
    public void ScopeString_IsSplitOnSpaces_WithDuplicatesAndEmptyEntriesRemoved()
    {
        var parsed = Scopes.Parse("  openid   profile openid email ");

        Assert.Equal(["openid", "profile", "email"], parsed);
    }

    [Fact]
    public void ScopeTokens_AreCaseSensitive()
    {
        var parsed = Scopes.Parse("openid OpenID");

        Assert.Equal(["openid", "OpenID"], parsed);
    }

    [Fact]
    public void NothingRequested_IsNarrowedToEverythingSupported()
    {
        var granted = Scopes.Narrow([], Supported);

        Assert.Equal(Supported, granted);
    }

    [Fact]
    public void UnsupportedScopes_AreDropped_AndTheConfiguredOrderKept()
    {
        var granted = Scopes.Narrow(["email", "admin", "openid", "OPENID"], Supported);

        Assert.Equal(["openid", "email"], granted);
    }

    [Fact]
    public void OnlyUnsupportedScopesRequested_IsNarrowedToNothing()
    {
        var granted = Scopes.Narrow(["admin", "write:all"], Supported);

        Assert.Empty(granted);
    }

    [Theory]
    [InlineData("", "openid profile", true)]
    [InlineData("openid", "openid profile", true)]
    [InlineData("profile openid", "openid profile", true)]
    [InlineData("openid email", "openid profile", false)]
    [InlineData("OPENID", "openid profile", false)]
    [InlineData("openid", "", false)]
    [InlineData("", "", true)]
    public void RequestedScopes_AreASubset_OnlyWhenEveryOneWasGranted(string requested, string granted, bool expected)
    {
        var subset = Scopes.IsSubset(Scopes.Parse(requested), granted);

        Assert.Equal(expected, subset);
    }
}
