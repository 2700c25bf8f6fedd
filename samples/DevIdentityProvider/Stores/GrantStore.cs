using System.Collections.Concurrent;
using DevIdentityProvider.Protocol;

namespace DevIdentityProvider.Stores;

/// <summary>Codes and tokens, keyed by the SHA-256 of their handle; the handles themselves are never stored.</summary>
internal sealed class GrantStore
{
    private readonly ConcurrentDictionary<string, AuthorizationCode> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AccessToken> _accessTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RefreshToken> _refreshTokens = new(StringComparer.Ordinal);

    public string Add(AuthorizationCode code) => Add(_codes, code);

    public string Add(AccessToken token) => Add(_accessTokens, token);

    public string Add(RefreshToken token) => Add(_refreshTokens, token);

    public AuthorizationCode? FindCode(string handle) => Find(_codes, handle);

    public AccessToken? FindAccessToken(string handle) => Find(_accessTokens, handle);

    public RefreshToken? FindRefreshToken(string handle) => Find(_refreshTokens, handle);

    public bool RemoveAccessToken(string handle) => _accessTokens.TryRemove(Secrets.HashForStorage(handle), out _);

    /// <summary>
    /// Drops what can no longer be used. Redeemed codes and used refresh tokens stay until they expire so that a
    /// replay is recognised as one.
    /// </summary>
    public void Prune(DateTimeOffset now)
    {
        RemoveWhere(_codes, code => code.IsExpired(now));
        RemoveWhere(_accessTokens, token => !token.IsActive(now));
        RemoveWhere(_refreshTokens, token => token.IsExpired(now) || token.Family.IsRevoked);
    }

    private static string Add<T>(ConcurrentDictionary<string, T> dictionary, T value)
    {
        var handle = Secrets.NewHandle();
        dictionary[Secrets.HashForStorage(handle)] = value;
        return handle;
    }

    private static T? Find<T>(ConcurrentDictionary<string, T> dictionary, string handle)
        where T : class =>
        dictionary.TryGetValue(Secrets.HashForStorage(handle), out var value) ? value : null;

    private static void RemoveWhere<T>(ConcurrentDictionary<string, T> dictionary, Func<T, bool> isDead)
    {
        foreach (var (key, value) in dictionary)
        {
            if (isDead(value))
            {
                dictionary.TryRemove(key, out _);
            }
        }
    }
}
