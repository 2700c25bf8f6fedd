using System.Text.Json.Nodes;
using CleanProxy.Application.Common.Interfaces;
using CleanProxy.Application.Common.Options;
using Microsoft.Extensions.Options;

namespace CleanProxy.Application.Tokens.Common.Claims;

/// <summary>The declarative claim mapping of <c>Auth:TokenClaims</c> (rename, nested paths, arrays, constants, defaults).</summary>
public sealed class ConfiguredTokenClaimsMapper : ITokenClaimsMapper
{
    private readonly (string Name, ClaimPath? From, string? Value, string? Default)[] _mappings;

    public ConfiguredTokenClaimsMapper(IOptions<CleanProxyOptions> options)
    {
        // Start-up validation has refused unparsable paths and reserved names already.
        _mappings = [.. options.Value.Auth.TokenClaims
            .OrderBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => (m.Key, ClaimPath.TryParse(m.Value.From, out var path) ? path : null, m.Value.Value, m.Value.Default))];
    }

    public void Map(TokenClaimsMapping mapping)
    {
        foreach (var (name, from, value, fallback) in _mappings)
        {
            var found = value is not null ? JsonValue.Create(value) : from?.Evaluate(mapping.UpstreamClaims);
            found ??= fallback is null ? null : JsonValue.Create(fallback);
            if (found is not null)
            {
                mapping.Set(name, found);
            }
        }
    }
}
