using CleanProxy.Application.Common.Options;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace CleanProxy.WebApi.Configuration;

/// <summary>
/// Refuses to start with configuration that cannot work, naming the key (as an environment variable too) and what
/// is wrong. Options a later release implements are refused explicitly rather than silently ignored.
/// </summary>
public sealed class CleanProxyOptionsValidator(IConfiguration configuration) : IValidateOptions<CleanProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, CleanProxyOptions options)
    {
        var errors = new List<string>();
        void Fail(string key, string problem) =>
            errors.Add($"CleanProxy:{key} {problem} (environment variable CleanProxy__{key.Replace(":", "__", StringComparison.Ordinal)}).");

        ValidateIssuer(options.Issuer, Fail);

        var remote = options.Auth.Remote;
        if (string.IsNullOrWhiteSpace(remote.ClientId))
        {
            Fail("Auth:Remote:ClientId", "is required: the client id pre-provisioned for the proxy at the upstream identity provider");
        }

        if (string.IsNullOrWhiteSpace(remote.ClientSecret))
        {
            Fail("Auth:Remote:ClientSecret", "is required: the client secret pre-provisioned for the proxy at the upstream identity provider");
        }

        if (remote.Provider is null && (remote.AuthEndpoint is null || remote.TokenEndpoint is null))
        {
            Fail("Auth:Remote:Provider", "is required (the upstream issuer URL for OIDC discovery) unless Auth:Remote:AuthEndpoint and Auth:Remote:TokenEndpoint are both set");
        }

        if (remote.Provider is null && remote.EffectiveScopes.Contains("openid"))
        {
            Fail("Auth:Remote:Provider", "is required when the upstream scopes include openid: it is the issuer id_tokens are validated against");
        }

        foreach (var (key, value) in new[]
                 {
                     ("Auth:Remote:Provider", remote.Provider), ("Auth:Remote:AuthEndpoint", remote.AuthEndpoint),
                     ("Auth:Remote:TokenEndpoint", remote.TokenEndpoint), ("Auth:Remote:UserInfoEndpoint", remote.UserInfoEndpoint),
                     ("Auth:Remote:JwksUri", remote.JwksUri),
                 })
        {
            if (value is not null && !IsHttpUrl(value))
            {
                Fail(key, $"must be an absolute http(s) URL, but is '{value}'");
            }
        }

        if (remote.Jwks is not null && !IsJwks(remote.Jwks))
        {
            Fail("Auth:Remote:Jwks", "must be a JSON Web Key Set ({\"keys\":[...]})");
        }

        if (remote.TokenEndpointAuthMethod is not ("client_secret_basic" or "client_secret_post"))
        {
            Fail("Auth:Remote:TokenEndpointAuthMethod", "must be client_secret_basic or client_secret_post");
        }

        if (remote.ClockSkewSeconds is < 0 or > 300)
        {
            Fail("Auth:Remote:ClockSkewSeconds", "must be between 0 and 300");
        }

        if (remote.TimeoutSeconds is < 1 or > 120)
        {
            Fail("Auth:Remote:TimeoutSeconds", "must be between 1 and 120");
        }

        if (remote.RefreshSkewSeconds is < 0 or > 3600)
        {
            Fail("Auth:Remote:RefreshSkewSeconds", "must be between 0 and 3600");
        }

        ValidateCircuitBreaker(remote.CircuitBreaker, Fail);

        if (options.Auth.Consent.Enabled)
        {
            Fail("Auth:Consent:Enabled", "= true is not supported by this version yet (no consent page); remove it or set it to false");
        }

        if (options.Auth.SessionMode != "Stateful")
        {
            Fail("Auth:SessionMode", $"must be Stateful; '{options.Auth.SessionMode}' is not supported by this version");
        }

        if (options.Auth.Refresh.AccessTokenTtl is < 60 or > 86_400)
        {
            Fail("Auth:Refresh:AccessTokenTtl", "must be between 60 and 86400 seconds");
        }

        if (options.Auth.Refresh.RefreshTokenTtl < 300 || options.Auth.Refresh.RefreshTokenTtl < options.Auth.Refresh.AccessTokenTtl)
        {
            Fail("Auth:Refresh:RefreshTokenTtl", "must be at least 300 seconds and at least Auth:Refresh:AccessTokenTtl");
        }

        if (options.Registration.RateLimit.PermitLimit < 0 || options.Registration.RateLimit.WindowSeconds is < 1 or > 86_400)
        {
            Fail("Registration:RateLimit", "PermitLimit must be 0 (unlimited) or more, WindowSeconds between 1 and 86400");
        }

        if (options.Registration.InitialAccessToken is { Length: < 16 })
        {
            Fail("Registration:InitialAccessToken", "must be at least 16 characters (it is a shared secret)");
        }

        if (options.Auth.Refresh.ReuseGraceSeconds is < 0 or > 60)
        {
            Fail("Auth:Refresh:ReuseGraceSeconds", "must be between 0 and 60 seconds");
        }

        if (options.Auth.ScopesSupported is { } scopes && scopes.Any(s => string.IsNullOrWhiteSpace(s) || s.Contains(' ', StringComparison.Ordinal)))
        {
            Fail("Auth:ScopesSupported", "must list scope tokens without spaces");
        }

        Configuration.TokenClaimsValidation.Validate(options.Auth.TokenClaims, Fail);
        Configuration.UpstreamParametersValidation.Validate(remote, options.Auth.EffectiveScopesSupported, Fail);

        if (!IsHttpUrl(options.Gateway.Backend))
        {
            Fail("Gateway:Backend", "is required: the absolute URL of the MCP server behind the gateway, e.g. http://127.0.0.1:5200/mcp");
        }

        if (!options.Gateway.Path.StartsWith('/') || options.Gateway.Path.Length < 2 || options.Gateway.Path.EndsWith('/'))
        {
            Fail("Gateway:Path", "must start with '/' and not end with '/', e.g. /mcp");
        }

        if (options.Gateway.ClockSkewSeconds is < 0 or > 300)
        {
            Fail("Gateway:ClockSkewSeconds", "must be between 0 and 300");
        }

        if (options.Database.Provider is not (DatabaseOptions.Sqlite or DatabaseOptions.SqlServer))
        {
            Fail("Database:Provider", $"must be {DatabaseOptions.Sqlite} or {DatabaseOptions.SqlServer}");
        }

        if (options.Database.Provider == DatabaseOptions.SqlServer && string.IsNullOrWhiteSpace(configuration.GetConnectionString("CleanProxy")))
        {
            errors.Add("ConnectionStrings:CleanProxy is required when CleanProxy:Database:Provider is SqlServer (environment variable ConnectionStrings__CleanProxy).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateIssuer(string issuer, Action<string, string> fail)
    {
        if (string.IsNullOrWhiteSpace(issuer))
        {
            fail("Issuer", "is required: the public origin of this proxy, e.g. https://mcp.example.com");
            return;
        }

        if (!Uri.TryCreate(issuer, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            fail("Issuer", $"must be an absolute http(s) URL, but is '{issuer}'");
            return;
        }

        // The issuer is used byte for byte in metadata, tokens and responses, and endpoint URLs are appended to it.
        if (uri.PathAndQuery != "/" || issuer.EndsWith('/') || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            fail("Issuer", $"must be an origin only, without path, query or trailing slash (e.g. https://mcp.example.com), but is '{issuer}'");
            return;
        }

        if (uri.Scheme == "http" && !uri.IsLoopback)
        {
            fail("Issuer", "must use https unless it is a loopback address (development)");
        }
    }

    private static bool IsHttpUrl(string? value)
        => Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    private static bool IsJwks(string value)
    {
        try
        {
            return new JsonWebKeySet(value).Keys.Count > 0;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private static void ValidateCircuitBreaker(UpstreamCircuitBreakerOptions breaker, Action<string, string> fail)
    {
        if (breaker.FailureRatio is not (> 0 and <= 1))
        {
            fail("Auth:Remote:CircuitBreaker:FailureRatio", "must be above 0 and at most 1");
        }

        if (breaker.MinimumThroughput is < 2 or > 10_000)
        {
            fail("Auth:Remote:CircuitBreaker:MinimumThroughput", "must be between 2 and 10000");
        }

        if (breaker.SamplingDurationSeconds is < 1 or > 3600)
        {
            fail("Auth:Remote:CircuitBreaker:SamplingDurationSeconds", "must be between 1 and 3600");
        }

        if (breaker.BreakDurationSeconds is < 1 or > 3600)
        {
            fail("Auth:Remote:CircuitBreaker:BreakDurationSeconds", "must be between 1 and 3600");
        }
    }
}
