using DevIdentityProvider.Options;
using DevIdentityProvider.Protocol;
using Microsoft.Extensions.Options;

namespace DevIdentityProvider.Stores;

/// <summary>The pre-provisioned clients from configuration (no dynamic registration).</summary>
internal sealed class ClientRegistry(IOptions<DevIdentityProviderOptions> options)
{
    private readonly Lazy<Dictionary<string, DevClientOptions>> _clients = new(
        () => options.Value.Clients.ToDictionary(client => client.ClientId, StringComparer.Ordinal));

    public DevClientOptions? Find(string? clientId) =>
        clientId is not null && _clients.Value.TryGetValue(clientId, out var client) ? client : null;

    public static bool IsRedirectUriRegistered(DevClientOptions client, string redirectUri) =>
        client.RedirectUris.Contains(redirectUri, StringComparer.Ordinal);

    public static bool IsScopeAllowed(DevClientOptions client, string scope) =>
        client.AllowedScopes.Count == 0
            ? OAuthConstants.SupportedScopes.Contains(scope)
            : client.AllowedScopes.Contains(scope, StringComparer.Ordinal);

    public static bool SecretMatches(DevClientOptions client, string presentedSecret) =>
        Secrets.FixedTimeEquals(presentedSecret, client.ClientSecret);
}
