using System.Collections.Concurrent;
using DevIdentityProvider.Protocol;

namespace DevIdentityProvider.Stores;

internal sealed class PendingLoginStore(TimeProvider timeProvider)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, PendingLogin> _pending = new(StringComparer.Ordinal);

    public string Add(PendingLogin login)
    {
        var requestId = Secrets.NewHandle();
        _pending[requestId] = login;
        return requestId;
    }

    public PendingLogin? Find(string? requestId)
    {
        if (requestId is null || !_pending.TryGetValue(requestId, out var login))
        {
            return null;
        }

        return timeProvider.GetUtcNow() < login.ExpiresAt ? login : null;
    }

    /// <summary>Removes the request so that a double submit cannot issue two codes.</summary>
    public bool TryComplete(string requestId) => _pending.TryRemove(requestId, out _);

    public void Prune(DateTimeOffset now)
    {
        foreach (var (requestId, login) in _pending)
        {
            if (now >= login.ExpiresAt)
            {
                _pending.TryRemove(requestId, out _);
            }
        }
    }
}
