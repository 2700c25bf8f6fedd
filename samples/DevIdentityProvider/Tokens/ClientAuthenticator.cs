using System.Net;
using System.Net.Http.Headers;
using System.Text;
using DevIdentityProvider.Options;
using DevIdentityProvider.Protocol;
using DevIdentityProvider.Stores;

namespace DevIdentityProvider.Tokens;

/// <summary>client_secret_basic and client_secret_post (RFC 6749 2.3.1).</summary>
internal sealed class ClientAuthenticator(ClientRegistry clients)
{
    private const string FailedDescription = "Client authentication failed.";

    public OAuthResult<DevClientOptions> Authenticate(string? authorizationHeader, ProtocolParameters form)
    {
        if (AuthenticationHeaderValue.TryParse(authorizationHeader, out var header)
            && string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateBasic(header.Parameter, form);
        }

        var clientId = form.Get(OAuthConstants.Parameters.ClientId);
        var clientSecret = form.Get(OAuthConstants.Parameters.ClientSecret);
        if (clientId is null || clientSecret is null)
        {
            return OAuthError.InvalidClient("Client authentication is required (client_secret_basic or client_secret_post).");
        }

        return Verify(clientId, clientSecret, challengeBasic: false);
    }

    private OAuthResult<DevClientOptions> AuthenticateBasic(string? credentials, ProtocolParameters form)
    {
        if (!TryDecodeBasicCredentials(credentials, out var clientId, out var clientSecret))
        {
            return OAuthError.InvalidClient("The Basic credentials are malformed.") with { ChallengeBasic = true };
        }

        if (form.Get(OAuthConstants.Parameters.ClientSecret) is not null)
        {
            return OAuthError.InvalidRequest("Use only one client authentication method per request.");
        }

        var formClientId = form.Get(OAuthConstants.Parameters.ClientId);
        if (formClientId is not null && !string.Equals(formClientId, clientId, StringComparison.Ordinal))
        {
            return OAuthError.InvalidClient("The client_id parameter differs from the authenticated client.") with { ChallengeBasic = true };
        }

        return Verify(clientId, clientSecret, challengeBasic: true);
    }

    private OAuthResult<DevClientOptions> Verify(string clientId, string clientSecret, bool challengeBasic)
    {
        var client = clients.Find(clientId);

        // Compare even for unknown clients so the answer time does not reveal which client ids exist.
        var secretMatches = Secrets.FixedTimeEquals(clientSecret, client?.ClientSecret ?? "\0unknown-client");
        if (client is null || !secretMatches)
        {
            return OAuthError.InvalidClient(FailedDescription) with { ChallengeBasic = challengeBasic };
        }

        return client;
    }

    /// <summary>The id and secret are form-url-encoded before being joined and base64-encoded (RFC 6749 2.3.1).</summary>
    private static bool TryDecodeBasicCredentials(string? credentials, out string clientId, out string clientSecret)
    {
        clientId = clientSecret = "";
        if (string.IsNullOrEmpty(credentials))
        {
            return false;
        }

        var buffer = new byte[credentials.Length];
        if (!Convert.TryFromBase64String(credentials, buffer, out var length))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(buffer, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        var separator = decoded.IndexOf(':', StringComparison.Ordinal);
        if (separator <= 0)
        {
            return false;
        }

        clientId = WebUtility.UrlDecode(decoded[..separator]);
        clientSecret = WebUtility.UrlDecode(decoded[(separator + 1)..]);
        return clientSecret.Length > 0;
    }
}
