using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CleanProxy.Application.Common.Interfaces;
using CleanProxy.Domain.Keys;
using CleanProxy.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace CleanProxy.Infrastructure.Tokens;

/// <summary>
/// The proxy's signing keys, loaded from the database once and kept in memory: signing and validating access tokens
/// costs no database round trip. The first instance to start creates the key (P-256, ES256: small, fast signatures);
/// the unique generation number makes a second, simultaneous creation fail, and that instance loads the winner's key.
/// </summary>
public sealed partial class SigningKeyStore(
    IServiceScopeFactory scopeFactory,
    ISecretProtector protector,
    TimeProvider time,
    ILogger<SigningKeyStore> logger) : ISigningKeySet, IDisposable
{
    public const string Algorithm = SecurityAlgorithms.EcdsaSha256;

    /// <summary>A token with an unknown kid triggers at most one reload per interval (another instance may have rotated).</summary>
    private static readonly TimeSpan ReloadInterval = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _loadLock = new(1, 1);
    private volatile KeyRing? _ring;
    private long _lastReloadTicks;

    public async ValueTask<KeyRing> GetAsync(CancellationToken cancellationToken)
        => _ring ?? await LoadAsync(force: false, cancellationToken);

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
            if (!force && _ring is { } loaded)
            {
                return loaded;
            }

            await using var scope = scopeFactory.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CleanProxyDbContext>();
            var keys = await db.SigningKeys.AsNoTracking().OrderByDescending(k => k.Generation).ToListAsync(cancellationToken);
            if (keys.Count == 0)
            {
                keys = [await CreateFirstKeyAsync(db, cancellationToken)];
            }

            var ring = BuildRing(keys);
            _ring = ring;
            Interlocked.Exchange(ref _lastReloadTicks, time.GetUtcNow().UtcTicks);
            return ring;
        }
        finally
        {
            _loadLock.Release();
        }
    }

    private async Task<SigningKey> CreateFirstKeyAsync(CleanProxyDbContext db, CancellationToken cancellationToken)
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

        var key = SigningKey.Create(keyId, generation: 1, Algorithm, publicJwk, privateKey, time.GetUtcNow());
        db.SigningKeys.Add(key);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            LogKeyCreated(keyId);
            return key;
        }
        catch (DbUpdateException)
        {
            // Another instance created generation 1 at the same moment: use that one.
            db.ChangeTracker.Clear();
            return await db.SigningKeys.AsNoTracking().OrderByDescending(k => k.Generation).FirstAsync(cancellationToken);
        }
    }

    private KeyRing BuildRing(List<SigningKey> keys)
    {
        var current = keys[0];
        if (!protector.TryUnprotect(current.ProtectedPrivateKey, ProtectionPurposes.SigningKeys, out var pkcs8))
        {
            throw new InvalidOperationException(
                $"The private part of signing key '{current.KeyId}' cannot be decrypted: the Data Protection key ring it was encrypted with is missing.");
        }

        var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(Convert.FromBase64String(pkcs8), out _);
        var signingKey = new ECDsaSecurityKey(ecdsa) { KeyId = current.KeyId };
        var validationKeys = keys.Select(k => (SecurityKey)new JsonWebKey(k.PublicJwk)).ToList();
        return new KeyRing(new SigningCredentials(signingKey, Algorithm), validationKeys, keys.Select(k => k.PublicJwk).ToList());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created signing key {KeyId} (ES256)")]
    private partial void LogKeyCreated(string keyId);
}

/// <summary>The current signing credentials and every published validation key.</summary>
public sealed record KeyRing(SigningCredentials SigningCredentials, IReadOnlyList<SecurityKey> ValidationKeys, IReadOnlyList<string> PublicJwks);
