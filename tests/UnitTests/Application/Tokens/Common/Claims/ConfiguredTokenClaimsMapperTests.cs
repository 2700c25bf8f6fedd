using System.Text.Json.Nodes;
using CleanProxy.Application.Common.Interfaces;
using CleanProxy.Application.Common.Options;
using CleanProxy.Application.Tokens.Common.Claims;
using Microsoft.Extensions.Options;

namespace CleanProxy.UnitTests.Application.Tokens.Common.Claims;

public sealed class ConfiguredTokenClaimsMapperTests
{
    /// <summary>What the development IdP's userinfo says about alice (department, employee_number, groups).</summary>
    private static readonly JsonObject Upstream = JsonNode.Parse("""
        {
          "sub": "alice-0001", "email": "alice@example.test", "department": "Engineering", "employee_number": "E-1001",
          "address": { "country": "NL", "locality": "Delft" },
          "groups": [ { "name": "mcp-users" }, { "name": "admins" }, { "id": 7 } ],
          "tags": [ "a", "b" ]
        }
        """)!.AsObject();

    [Fact]
    public void RenamedClaim_TakesTheUpstreamValue()
        => Assert.Equal("\"E-1001\"", Map(("employee_id", new() { From = "employee_number" }))["employee_id"]!.ToJsonString());

    [Fact]
    public void NestedPath_TakesTheNestedValue()
        => Assert.Equal("\"NL\"", Map(("country", new() { From = "address.country" }))["country"]!.ToJsonString());

    [Fact]
    public void ArrayPath_CollectsEveryElementsValue_SkippingElementsWithout()
        => Assert.Equal("""["mcp-users","admins"]""", Map(("roles", new() { From = "groups[].name" }))["roles"]!.ToJsonString());

    [Fact]
    public void ArrayOfValues_IsCopiedAsAnArray()
        => Assert.Equal("""["a","b"]""", Map(("labels", new() { From = "tags[]" }))["labels"]!.ToJsonString());

    [Fact]
    public void WholeObject_IsCopied()
        => Assert.Equal("""{"country":"NL","locality":"Delft"}""", Map(("addr", new() { From = "address" }))["addr"]!.ToJsonString());

    [Fact]
    public void Constant_IsSetWhateverTheUpstreamSays()
        => Assert.Equal("\"acme\"", Map(("tenant", new() { Value = "acme" }))["tenant"]!.ToJsonString());

    [Fact]
    public void MissingUpstreamClaim_WithDefault_TakesTheDefault()
        => Assert.Equal("\"none\"", Map(("cost_center", new() { From = "cost_center", Default = "none" }))["cost_center"]!.ToJsonString());

    [Theory]
    [InlineData("cost_center")]
    [InlineData("address.street")]
    [InlineData("email.x")]
    [InlineData("department[].name")]
    [InlineData("nothing[].name")]
    public void MissingUpstreamClaim_WithoutDefault_IsLeftOut(string from)
        => Assert.False(Map(("x", new() { From = from })).ContainsKey("x"));

    [Theory]
    [InlineData("")]
    [InlineData("a..b")]
    [InlineData("groups[0].name")]
    [InlineData("groups[].")]
    [InlineData("with space")]
    public void MalformedPath_DoesNotParse(string text) => Assert.False(ClaimPath.TryParse(text, out _));

    [Theory]
    [InlineData("sub")]
    [InlineData("iss")]
    [InlineData("aud")]
    [InlineData("exp")]
    [InlineData("iat")]
    [InlineData("nbf")]
    [InlineData("jti")]
    [InlineData("scope")]
    [InlineData("client_id")]
    [InlineData("sid")]
    [InlineData("SUB")]
    public void ReservedClaim_CannotBeSetByAnyMapper(string name)
    {
        var mapping = new TokenClaimsMapping("alice-0001", "client", "openid", Upstream);
        Assert.Throws<ArgumentException>(() => mapping.Set(name, JsonValue.Create("forged")));
        Assert.Empty(mapping.Claims);
    }

    private static IReadOnlyDictionary<string, JsonNode?> Map(params (string Name, TokenClaimOptions Options)[] claims)
    {
        var options = new CleanProxyOptions();
        foreach (var (name, claim) in claims)
        {
            options.Auth.TokenClaims[name] = claim;
        }

        var mapping = new TokenClaimsMapping("alice-0001", "client", "openid", Upstream);
        new ConfiguredTokenClaimsMapper(Options.Create(options)).Map(mapping);
        return mapping.Claims;
    }
}
