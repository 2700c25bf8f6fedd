using System.Text.Json.Nodes;
using CleanProxy.Application.Common.OAuth;

namespace CleanProxy.Application.Common.Interfaces;

/// <summary>
/// A deployer's hook for access-token claims that configuration (<c>Auth:TokenClaims</c>) cannot express. Register
/// implementations as singletons (<c>services.AddSingleton&lt;ITokenClaimsMapper, MyMapper&gt;()</c>); they run after the
/// configured mapping, in registration order, for every access token (code exchange and each refresh), from the
/// upstream claims kept on the session — so the same session always yields the same claims.
/// </summary>
public interface ITokenClaimsMapper
{
    void Map(TokenClaimsMapping mapping);
}

/// <summary>The upstream identity a mapper reads and the extra claims it writes.</summary>
public sealed class TokenClaimsMapping(string subject, string clientId, string scope, JsonObject upstreamClaims)
{
    private readonly JsonObject _claims = [];

    public string Subject { get; } = subject;

    public string ClientId { get; } = clientId;

    public string Scope { get; } = scope;

    /// <summary>The upstream claims (id_token and userinfo merged), as the IdP sent them.</summary>
    public JsonObject UpstreamClaims { get; } = upstreamClaims;

    /// <summary>The extra claims so far (configured ones first).</summary>
    public IReadOnlyDictionary<string, JsonNode?> Claims => _claims.ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);

    /// <summary>Sets (or replaces) an extra claim; a null value removes it.</summary>
    /// <exception cref="ArgumentException">For a reserved claim (iss, sub, aud, exp, iat, nbf, jti, scope, client_id, sid): the proxy owns those.</exception>
    public void Set(string name, JsonNode? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (ReservedAccessTokenClaims.Contains(name))
        {
            throw new ArgumentException($"The access token claim '{name}' is reserved: the proxy sets it and no mapping may.", nameof(name));
        }

        if (value is null)
        {
            _claims.Remove(name);
        }
        else
        {
            _claims[name] = value.Parent is null ? value : value.DeepClone();
        }
    }
}
