using CleanProxy.Application.Common.Interfaces;
using CleanProxy.Application.Common.OAuth;
using CleanProxy.Domain.Clients;

namespace CleanProxy.Application.Common.Security;

/// <summary>Authenticates the client of a token or revocation request against its registration.</summary>
public sealed class ClientAuthenticator(ClientDirectory clients, IClientSecretHasher hasher)
{
    public async Task<OAuthResult<OAuthClient>> AuthenticateAsync(ClientCredentials credentials, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(credentials.ClientId))
        {
            return OAuthError.InvalidClient("Client authentication failed: no client_id was presented.");
        }

        var found = await clients.FindAsync(credentials.ClientId, cancellationToken);
        if (!found.Succeeded)
        {
            return OAuthError.InvalidClient("Client authentication failed: " + found.Error.Description);
        }

        var client = found.Value;

        // An empty client_secret counts as absent: several public clients send client_secret= anyway.
        var secret = string.IsNullOrEmpty(credentials.ClientSecret) ? null : credentials.ClientSecret;
        if (!client.IsConfidential)
        {
            return secret is null
                ? client
                : OAuthError.InvalidClient("Client authentication failed: a public client must not present a secret.");
        }

        // Both secret-based methods prove the same secret; accepting either spares clients that mix them up.
        if (secret is null || credentials.Source == ClientCredentialSource.None)
        {
            return OAuthError.InvalidClient("Client authentication failed: this client must authenticate with its client secret.");
        }

        return hasher.Verify(secret, client.SecretHash!)
            ? client
            : OAuthError.InvalidClient("Client authentication failed: invalid client secret.");
    }
}
