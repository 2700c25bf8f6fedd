using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using CleanProxy.IntegrationTests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CleanProxy.IntegrationTests.Faults;

/// <summary>How the scripted IdP's token endpoint misbehaves for the next requests.</summary>
public sealed record TokenScript
{
    public TimeSpan Delay { get; init; }

    /// <summary>A raw answer instead of tokens: status, content type and body.</summary>
    public (int Status, string ContentType, string Body)? Raw { get; init; }

    public bool OmitAccessToken { get; init; }

    public bool OmitIdToken { get; init; }

    public bool OmitRefreshToken { get; init; }

    public string? Nonce { get; init; }

    public string? Issuer { get; init; }

    public string? Audience { get; init; }

    /// <summary>id_token lifetime; negative for one that has already expired.</summary>
    public TimeSpan IdTokenLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The key id that signs id_tokens (see <see cref="ScriptedIdentityProvider.PublishedKeyIds"/>).</summary>
    public string SigningKeyId { get; init; } = "key-1";

    /// <summary>The error the refresh_token grant answers (e.g. invalid_grant), or null to refresh.</summary>
    public string? RefreshError { get; init; }

    public int RefreshStatus { get; init; } = 400;

    /// <summary>Leave expires_in out of token responses.</summary>
    public bool OmitExpiresIn { get; init; }
}

/// <summary>
/// An in-process OIDC provider whose token endpoint does what the test scripts: slow, 500, HTML, huge bodies,
/// missing fields, wrong nonce/iss, expired id_tokens, keys not (yet) published. Authorization is immediate (no login
/// page): /authorize redirects straight back with a code. Counts JWKS and token requests.
/// </summary>
public sealed class ScriptedIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "scripted-client";
    public const string ClientSecret = "scripted-secret";
    public const string Subject = "scripted-user-7";
    public const int AccessTokenLifetimeSeconds = 300;

    private readonly ConcurrentDictionary<string, string> _nonceByCode = new();
    private readonly Dictionary<string, RsaSecurityKey> _keys = new(StringComparer.Ordinal);
    private readonly WebApplication _app;
    private int _jwksRequests;
    private int _refreshRequests;
    private int _tokenRequests;
    private int _userInfoRequests;

    public ScriptedIdentityProvider()
    {
        foreach (var kid in new[] { "key-1", "key-2", "key-3" })
        {
            _keys[kid] = new RsaSecurityKey(RSA.Create(2048)) { KeyId = kid };
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(Url);
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Url,
            ["authorization_endpoint"] = Url + "/authorize",
            ["token_endpoint"] = Url + "/token",
            ["userinfo_endpoint"] = Url + "/userinfo",
            ["jwks_uri"] = Url + "/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        _app.MapGet("/jwks", Jwks);
        _app.MapGet("/authorize", Authorize);
        _app.MapPost("/token", TokenAsync);
        // GitHub-like extras: a numeric id and a login, for OAuth-2-only sign-ins without an id_token.
        _app.MapGet("/userinfo", () =>
        {
            Interlocked.Increment(ref _userInfoRequests);
            return UserInfoStatus == 200
                ? Results.Json(new { sub = Subject, id = 4242, login = "octo-scripted", email = "scripted@example.test" })
                : Results.StatusCode(UserInfoStatus);
        });
    }

    public string Url { get; } = $"http://127.0.0.1:{FreePort.Next()}";

    public TokenScript Script { get; set; } = new();

    /// <summary>The clock id_tokens are dated by: the proxy's (fake) clock, so tests that move it keep signing in.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>The keys the JWKS endpoint publishes; change it to rotate.</summary>
    public string[] PublishedKeyIds { get; set; } = ["key-1"];

    /// <summary>The query of the last authorization request and the form of the last token request, as received.</summary>
    public IReadOnlyDictionary<string, string> LastAuthorizeQuery { get; private set; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> LastTokenForm { get; private set; } = new Dictionary<string, string>();

    public string LastTokenAccept { get; private set; } = string.Empty;

    public int JwksRequests => Volatile.Read(ref _jwksRequests);

    public int RefreshRequests => Volatile.Read(ref _refreshRequests);

    /// <summary>Every request that reached the token endpoint (code exchanges and refreshes).</summary>
    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    public int UserInfoRequests => Volatile.Read(ref _userInfoRequests);

    /// <summary>The status userinfo answers; anything but 200 answers without a body.</summary>
    public int UserInfoStatus { get; set; } = 200;

    public Task StartAsync() => _app.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private IResult Jwks()
    {
        Interlocked.Increment(ref _jwksRequests);
        var keys = PublishedKeyIds.Select(kid => JsonWebKeyConverter.ConvertFromRSASecurityKey(
            new RsaSecurityKey(_keys[kid].Rsa.ExportParameters(false)) { KeyId = kid }))
            .Select(k => new { kty = k.Kty, kid = k.Kid, use = "sig", alg = "RS256", n = k.N, e = k.E });
        return Results.Json(new { keys });
    }

    private IResult Authorize(HttpRequest request)
    {
        LastAuthorizeQuery = request.Query.ToDictionary(p => p.Key, p => p.Value.ToString());
        var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _nonceByCode[code] = request.Query["nonce"].ToString();
        var redirect = $"{request.Query["redirect_uri"]}?code={code}&state={Uri.EscapeDataString(request.Query["state"].ToString())}";
        return Results.Redirect(redirect);
    }

    private async Task TokenAsync(HttpContext context)
    {
        Interlocked.Increment(ref _tokenRequests);
        var script = Script;
        var form = await context.Request.ReadFormAsync();
        LastTokenForm = form.ToDictionary(p => p.Key, p => p.Value.ToString());
        LastTokenAccept = context.Request.Headers.Accept.ToString();
        if (script.Delay > TimeSpan.Zero)
        {
            await Task.Delay(script.Delay, CancellationToken.None);
        }

        if (script.Raw is { } raw)
        {
            context.Response.StatusCode = raw.Status;
            context.Response.ContentType = raw.ContentType;
            await context.Response.WriteAsync(raw.Body);
            return;
        }

        var isRefresh = form["grant_type"] == "refresh_token";
        if (isRefresh)
        {
            Interlocked.Increment(ref _refreshRequests);
            if (script.RefreshError is { } error)
            {
                context.Response.StatusCode = script.RefreshStatus;
                await context.Response.WriteAsJsonAsync(new { error, error_description = "scripted refresh failure" });
                return;
            }
        }

        var body = new Dictionary<string, object> { ["token_type"] = "Bearer" };
        if (!script.OmitExpiresIn)
        {
            body["expires_in"] = AccessTokenLifetimeSeconds;
        }
        if (!script.OmitAccessToken)
        {
            body["access_token"] = "scripted-at-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        }

        if (!script.OmitRefreshToken)
        {
            body["refresh_token"] = "scripted-rt-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        }

        if (!script.OmitIdToken && !isRefresh)
        {
            _nonceByCode.TryRemove(form["code"].ToString(), out var nonce);
            body["id_token"] = IdToken(script, script.Nonce ?? nonce ?? string.Empty);
        }

        await context.Response.WriteAsJsonAsync(body);
    }

    private string IdToken(TokenScript script, string nonce)
    {
        var now = Time.GetUtcNow().UtcDateTime;
        var expires = now + script.IdTokenLifetime;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = script.Issuer ?? Url,
            Audience = script.Audience ?? ClientId,
            IssuedAt = expires < now ? expires.AddMinutes(-5) : now,
            NotBefore = expires < now ? expires.AddMinutes(-5) : now,
            Expires = expires,
            Claims = new Dictionary<string, object> { ["sub"] = Subject, ["nonce"] = nonce },
            SigningCredentials = new SigningCredentials(_keys[script.SigningKeyId], SecurityAlgorithms.RsaSha256),
        });
    }
}

/// <summary>The real proxy (and MCP server) with the scripted IdP upstream; upstream calls time out after 3 s.</summary>
public class ScriptedIdpStack : ProxyStack
{
    public ScriptedIdpStack()
        : this(new ScriptedIdentityProvider(), new Dictionary<string, string?>())
    {
    }

    /// <summary>With these proxy settings on top (e.g. an OAuth-2-only provider).</summary>
    internal ScriptedIdpStack(IDictionary<string, string?> settings)
        : this(new ScriptedIdentityProvider(), settings)
    {
    }

    private ScriptedIdpStack(ScriptedIdentityProvider idp, IDictionary<string, string?> settings)
        : base(new Dictionary<string, string?>(settings.Concat(new Dictionary<string, string?>
        {
            ["CleanProxy:Auth:Remote:Provider"] = idp.Url,
            ["CleanProxy:Auth:Remote:ClientId"] = ScriptedIdentityProvider.ClientId,
            ["CleanProxy:Auth:Remote:ClientSecret"] = ScriptedIdentityProvider.ClientSecret,
            ["CleanProxy:Auth:Remote:TimeoutSeconds"] = "3",
            ["CleanProxy:Auth:Remote:RefreshUpstream"] = "true",
            ["CleanProxy:Auth:Remote:ExtraAuthorizeParameters:access_type"] = "offline",
            ["CleanProxy:Auth:Remote:ExtraAuthorizeParameters:audience"] = "https://api.example.test",
            ["CleanProxy:Auth:Remote:ExtraTokenParameters:audience"] = "https://api.example.test",
        }.Where(p => !settings.ContainsKey(p.Key)))))
        => Idp = idp;

    public ScriptedIdentityProvider Idp { get; }

    public override async ValueTask InitializeAsync()
    {
        Idp.Time = Clock;
        await Idp.StartAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Idp.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
