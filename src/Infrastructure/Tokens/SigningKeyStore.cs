using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CleanProxy.Application.Common.Interfaces;
using CleanProxy.Application.Common.Options;
using CleanProxy.Domain.Keys;
using CleanProxy.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace CleanProxy.Infrastructure.Tokens;

/// <summary>
/// The proxy's signing keys, loaded from the database and kept in memory (reloaded every few minutes): signing and
/// validating access tokens costs no database round trip. The first instance to start creates the key (P-256, ES256:
/// small, fast signatures); the unique generation number makes a second, simultaneous creation fail, and that instance
/// loads the winner's key. Rotation works the same way: when the newest key is due, the instance that reloads first
/// creates the next generation. It is published at once and signs only <c>PublishLeadSeconds</c> later, by which time
/// every instance has reloaded; the key it replaces stays published until the tokens it signed have expired.
/// </summary>
public sealed partial class SigningKeyStore(
    IServiceScopeFactory scopeFactory,
    ISecretProtector protector,
    IOptions<CleanProxyOptions> options,
    TimeProvider time,
    ILogger<SigningKeyStore> logger) : ISigningKeySet, IDisposable
{
    /// <summary>How stale an instance's key ring may get; keys are published PublishLeadSeconds (≥ 10 min) before they sign.</summary>
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(5);

    public const string Algorithm = SecurityAlgorithms.EcdsaSha256;

    /// <summary>A token with an unknown kid triggers at most one reload per interval (another instance may have rotated).</summary>
    private static readonly TimeSpan ReloadInterval = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _loadLock = new(1, 1);
    private volatile KeyRing? _ring;
    private long _lastReloadTicks;

    public async ValueTask<KeyRing> GetAsync(CancellationToken cancellationToken)
        => _ring is { } ring && time.GetUtcNow() < ring.RefreshAt ? ring : await LoadAsync(force: false, cancellationToken);

    /// <summary>Reloads when a token names a key this instance has not seen, throttled.</summary>
    public async ValueTask<KeyRing> ReloadForUnknownKeyAsync(CancellationToken cancellationToken)
    {
        var last = Interlocked.Read(ref _lastReloadTicks);
        if (time.GetUtcNow().UtcTicks - last < ReloadInterval.Ticks)
        {
            return await GetAsync(cancellationToken);
        }

        return await LoadAsync(force: true, cancellationToken);
    }

    public async ValueTask<IReadOnlyList<string>> GetPublicJwksAsync(CancellationToken cancellationToken)
        => (await GetAsync(cancellationToken)).PublicJwks;

    public void Dispose() => _loadLock.Dispose();

    private async Task<KeyRing> LoadAsync(bool force, CancellationToken cancellationToken)
    {
        await _loadLock.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            if (!force && _ring is { } loaded && now < loaded.RefreshAt)
            {
                return loaded;
            }

            await using var scope = scopeFactory.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CleanProxyDbContext>();
            var keys = await db.SigningKeys.AsNoTracking().OrderByDescending(k => k.Generation).ToListAsync(cancellationToken);
            if (keys.Count == 0 || RotationDue(keys[0], now))
            {
                keys = await CreateKeyAsync(db, generation: keys.Count == 0 ? 1 : keys[0].Generation + 1, cancellationToken);
            }

            var ring = BuildRing(keys, now);
            _ring = ring;
            Interlocked.Exchange(ref _lastReloadTicks, time.GetUtcNow().UtcTicks);
            return ring;
        }
        finally
        {
            _loadLock.Release();
        }
    }

    private bool RotationDue(SigningKey newest, DateTimeOffset now)
        => Settings.RotationIntervalSeconds > 0
            && now >= newest.CreatedAt + TimeSpan.FromSeconds(Settings.RotationIntervalSeconds) - Lead;

    private SigningKeyOptions Settings => options.Value.SigningKeys;

    private TimeSpan Lead => TimeSpan.FromSeconds(Settings.PublishLeadSeconds);

    /// <summary>Creates <paramref name="generation"/> and returns every key, newest first (another instance's if it won).</summary>
    private async Task<List<SigningKey>> CreateKeyAsync(CleanProxyDbContext db, int generation, CancellationToken cancellationToken)
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var parameters = ecdsa.ExportParameters(includePrivateParameters: false);
        var x = Base64Url.EncodeToString(parameters.Q.X);
        var y = Base64Url.EncodeToString(parameters.Q.Y);

        // RFC 7638 thumbprint as kid: stable, derived from the key itself.
        var thumbprintInput = $$"""{"crv":"P-256","kty":"EC","x":"{{x}}","y":"{{y}}"}""";
        var keyId = Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(thumbprintInput)));
        var publicJwk = JsonSerializer.Serialize(new { kty = "EC", use = "sig", alg = Algorithm, kid = keyId, crv = "P-256", x, y });
        var privateKey = protector.Protect(Convert.ToBase64String(ecdsa.ExportPkcs8PrivateKey()), ProtectionPurposes.SigningKeys);

        var key = SigningKey.Create(keyId, generation, Algorithm, publicJwk, privateKey, time.GetUtcNow());
        db.SigningKeys.Add(key);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            LogKeyCreated(keyId, generation);
        }
        catch (DbUpdateException)
        {
            // Another instance created this generation at the same moment: use that one.
            db.ChangeTracker.Clear();
        }

        return await db.SigningKeys.AsNoTracking().OrderByDescending(k => k.Generation).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Newest first. A key signs from its activation (creation + lead; the very first key at once) until its successor
    /// activates, and is published from creation until its last token expired (successor's activation + token lifetime).
    /// </summary>
    private KeyRing BuildRing(List<SigningKey> keys, DateTimeOffset now)
    {
        DateTimeOffset ActivatesAt(int i) => i == keys.Count - 1 ? keys[i].CreatedAt : keys[i].CreatedAt + Lead;
        var tokenLifetime = TimeSpan.FromSeconds(options.Value.Auth.Refresh.AccessTokenTtl + options.Value.Gateway.ClockSkewSeconds);

        var signer = Enumerable.Range(0, keys.Count).FirstOrDefault(i => ActivatesAt(i) <= now, keys.Count - 1);
        var published = Enumerable.Range(0, keys.Count).Where(i => i <= signer || ActivatesAt(i - 1) + tokenLifetime > now).ToList();

        // The ring changes when a pending key activates, an old one retires, or the next rotation is due.
        var refreshAt = new[] { now + RefreshInterval }
            .Concat(Enumerable.Range(0, signer).Select(ActivatesAt).Where(t => t > now))
            .Concat(published.Where(i => i > signer).Select(i => ActivatesAt(i - 1) + tokenLifetime))
            .Concat(Settings.RotationIntervalSeconds > 0 ? [keys[0].CreatedAt + TimeSpan.FromSeconds(Settings.RotationIntervalSeconds) - Lead] : [])
            .Where(t => t > now)
            .Min();

        var current = keys[signer];
        if (!protector.TryUnprotect(current.ProtectedPrivateKey, ProtectionPurposes.SigningKeys, out var pkcs8))
        {
            throw new InvalidOperationException(
                $"The private part of signing key '{current.KeyId}' cannot be decrypted: the Data Protection key ring it was encrypted with is missing.");
        }

        var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(Convert.FromBase64String(pkcs8), out _);
        var signingKey = new ECDsaSecurityKey(ecdsa) { KeyId = current.KeyId };
        var validationKeys = published.Select(i => (SecurityKey)new JsonWebKey(keys[i].PublicJwk)).ToList();
        return new KeyRing(new SigningCredentials(signingKey, Algorithm), validationKeys, published.Select(i => keys[i].PublicJwk).ToList())
        {
            RefreshAt = refreshAt,
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created signing key {KeyId} (ES256, generation {Generation})")]
    private partial void LogKeyCreated(string keyId, int generation);
}

/// <summary>The current signing credentials and every published validation key.</summary>
public sealed record KeyRing(SigningCredentials SigningCredentials, IReadOnlyList<SecurityKey> ValidationKeys, IReadOnlyList<string> PublicJwks)
{
    /// <summary>When this instance reloads the ring (a key activates or retires, a rotation is due, or it is 5 min old).</summary>
    public DateTimeOffset RefreshAt { get; init; } = DateTimeOffset.MaxValue;
}
