using System.Text.Json.Nodes;
using CleanProxy.Application.Common.Interfaces;
using CleanProxy.Application.Common.Options;
using CleanProxy.Application.Tokens.Common;
using CleanProxy.Application.Tokens.Common.Claims;
using CleanProxy.Domain.Sessions;
using Microsoft.Extensions.Options;

namespace CleanProxy.UnitTests.Application.Tokens.Common;

/// <summary>Access tokens carry the configured claims and then the deployer's hooks', the same on every issuance.</summary>
public sealed class TokenIssuanceClaimsTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task DeployersHook_RunsAfterTheConfiguredMapping_AndCanReadAndChangeIt()
    {
        var (issuance, issued) = Create(new PrefixingHook());
        var session = Session.Start("alice-0001", "client-1", "openid", "http://127.0.0.1/mcp", """{"employee_number":"E-1001","groups":[{"name":"admins"}]}""", Now);

        await issuance.CreateResponseAsync(session, "openid", null, Now, CancellationToken.None);

        var claims = issued.Single().AdditionalClaims;
        Assert.Equal("E-1001", claims["employee_id"].GetString());
        Assert.Equal("hook:admins", claims["roles"][0].GetString());
        Assert.Equal("client-1", claims["mapped_for"].GetString());
    }

    [Fact]
    public async Task SameSession_YieldsTheSameClaims_OnEveryIssuance()
    {
        var (issuance, issued) = Create(new PrefixingHook());
        var session = Session.Start("alice-0001", "client-1", "openid", "http://127.0.0.1/mcp", """{"employee_number":"E-1001","groups":[{"name":"admins"}]}""", Now);

        await issuance.CreateResponseAsync(session, "openid", null, Now, CancellationToken.None);
        await issuance.CreateResponseAsync(session, "openid", null, Now.AddHours(1), CancellationToken.None);

        Assert.Equal(
            System.Text.Json.JsonSerializer.Serialize(issued[0].AdditionalClaims),
            System.Text.Json.JsonSerializer.Serialize(issued[1].AdditionalClaims));
    }

    [Fact]
    public async Task HookSettingAReservedClaim_FailsInsteadOfForgingIt()
    {
        var (issuance, issued) = Create(new SubjectForgingHook());
        var session = Session.Start("alice-0001", "client-1", "openid", "http://127.0.0.1/mcp", "{}", Now);

        await Assert.ThrowsAsync<ArgumentException>(() => issuance.CreateResponseAsync(session, "openid", null, Now, CancellationToken.None));
        Assert.Empty(issued);
    }

    private static (TokenIssuance Issuance, List<AccessTokenDescriptor> Issued) Create(params ITokenClaimsMapper[] hooks)
    {
        var options = new CleanProxyOptions();
        options.Auth.TokenClaims["employee_id"] = new() { From = "employee_number" };
        options.Auth.TokenClaims["roles"] = new() { From = "groups[].name" };
        var wrapped = Options.Create(options);
        var issuer = new RecordingIssuer();
        return (new TokenIssuance(issuer, wrapped, new ConfiguredTokenClaimsMapper(wrapped), hooks), issuer.Issued);
    }

    private sealed class RecordingIssuer : IAccessTokenIssuer
    {
        public List<AccessTokenDescriptor> Issued { get; } = [];

        public ValueTask<string> IssueAsync(AccessTokenDescriptor descriptor, CancellationToken cancellationToken)
        {
            Issued.Add(descriptor);
            return ValueTask.FromResult("token");
        }
    }

    private sealed class PrefixingHook : ITokenClaimsMapper
    {
        public void Map(TokenClaimsMapping mapping)
        {
            var roles = mapping.Claims["roles"]!.AsArray().Select(r => (JsonNode?)JsonValue.Create("hook:" + r!.GetValue<string>()));
            mapping.Set("roles", new JsonArray([.. roles]));
            mapping.Set("mapped_for", JsonValue.Create(mapping.ClientId));
        }
    }

    private sealed class SubjectForgingHook : ITokenClaimsMapper
    {
        public void Map(TokenClaimsMapping mapping) => mapping.Set("sub", JsonValue.Create("admin"));
    }
}
