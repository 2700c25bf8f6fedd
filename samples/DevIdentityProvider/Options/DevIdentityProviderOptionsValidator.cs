using Microsoft.Extensions.Options;

namespace DevIdentityProvider.Options;

/// <summary>Start-up validation; every message names the configuration key to fix.</summary>
internal sealed class DevIdentityProviderOptionsValidator : IValidateOptions<DevIdentityProviderOptions>
{
    private const string Section = DevIdentityProviderOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, DevIdentityProviderOptions options)
    {
        var failures = new List<string>();
        ValidateIssuer(options.Issuer, failures);
        ValidateLifetime(options.AccessTokenLifetimeSeconds, nameof(options.AccessTokenLifetimeSeconds), failures);
        ValidateLifetime(options.RefreshTokenLifetimeSeconds, nameof(options.RefreshTokenLifetimeSeconds), failures);
        ValidateLifetime(options.IdTokenLifetimeSeconds, nameof(options.IdTokenLifetimeSeconds), failures);
        ValidateLifetime(options.CodeLifetimeSeconds, nameof(options.CodeLifetimeSeconds), failures);
        ValidateClients(options.Clients, failures);
        ValidateUsers(options.Users, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateIssuer(string issuer, List<string> failures)
    {
        const string key = $"{Section}:Issuer";
        if (string.IsNullOrWhiteSpace(issuer))
        {
            failures.Add($"{key} is required (for example http://127.0.0.1:5100)");
            return;
        }

        // Endpoints are mapped at the root, so the issuer cannot carry a path.
        if (!Uri.TryCreate(issuer, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            failures.Add($"{key} must be an absolute http(s) URL without path, query or fragment, but was '{issuer}'");
        }
    }

    private static void ValidateLifetime(int seconds, string property, List<string> failures)
    {
        if (seconds <= 0)
        {
            failures.Add($"{Section}:{property} must be a positive number of seconds, but was {seconds}");
        }
    }

    private static void ValidateClients(List<DevClientOptions> clients, List<string> failures)
    {
        var seenIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < clients.Count; i++)
        {
            var client = clients[i];
            var key = $"{Section}:Clients:{i}";
            if (string.IsNullOrWhiteSpace(client.ClientId))
            {
                failures.Add($"{key}:ClientId is required");
            }
            else if (!seenIds.Add(client.ClientId))
            {
                failures.Add($"{key}:ClientId '{client.ClientId}' is configured more than once");
            }

            if (string.IsNullOrEmpty(client.ClientSecret))
            {
                failures.Add($"{key}:ClientSecret is required (this IdP only has confidential clients)");
            }

            if (client.RedirectUris.Count == 0)
            {
                failures.Add($"{key}:RedirectUris needs at least one redirect URI");
            }

            for (var j = 0; j < client.RedirectUris.Count; j++)
            {
                var redirectUri = client.RedirectUris[j];
                // IsFile catches "/path", which .NET on Unix treats as an absolute file URI.
                if (!Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri) || uri.IsFile || redirectUri.Contains('#', StringComparison.Ordinal))
                {
                    failures.Add($"{key}:RedirectUris:{j} must be an absolute URI without fragment, but was '{redirectUri}'");
                }
            }

            for (var j = 0; j < client.AllowedScopes.Count; j++)
            {
                // Custom scopes are allowed (a proxy may forward its own), but each must be one scope token.
                var scope = client.AllowedScopes[j];
                if (string.IsNullOrWhiteSpace(scope) || scope.Contains(' ', StringComparison.Ordinal))
                {
                    failures.Add($"{key}:AllowedScopes:{j} must be a single non-empty scope without spaces, but was '{scope}'");
                }
            }
        }
    }

    private static void ValidateUsers(List<DevUserOptions> users, List<string> failures)
    {
        var seenUsernames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var seenSubjects = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < users.Count; i++)
        {
            var user = users[i];
            var key = $"{Section}:Users:{i}";
            if (string.IsNullOrWhiteSpace(user.Username))
            {
                failures.Add($"{key}:Username is required");
            }
            else if (!seenUsernames.Add(user.Username))
            {
                failures.Add($"{key}:Username '{user.Username}' is configured more than once");
            }

            if (string.IsNullOrEmpty(user.Password))
            {
                failures.Add($"{key}:Password is required");
            }

            if (string.IsNullOrWhiteSpace(user.Subject))
            {
                failures.Add($"{key}:Subject is required");
            }
            else if (!seenSubjects.Add(user.Subject))
            {
                failures.Add($"{key}:Subject '{user.Subject}' is configured more than once");
            }
        }
    }
}
