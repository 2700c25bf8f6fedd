using System.Text;
using CleanProxy.Application.Common.OAuth;
using CleanProxy.Application.Common.Security;

namespace CleanProxy.WebApi.Http;

/// <summary>Reads client authentication from the Authorization header or the form body (RFC 6749 §2.3.1).</summary>
public static class ClientCredentialsReader
{
    public static (ClientCredentials? Credentials, OAuthError? Error) Read(HttpRequest request, OAuthForm form)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            if (!string.IsNullOrEmpty(form[OAuthParameters.ClientSecret]))
            {
                return (null, OAuthError.InvalidRequest("Use one client authentication method, not both HTTP Basic and client_secret."));
            }

            if (!TryDecodeBasic(authorization["Basic ".Length..].Trim(), out var id, out var secret))
            {
                return (null, OAuthError.InvalidClient("Client authentication failed: malformed HTTP Basic credentials."));
            }

            var formClientId = form[OAuthParameters.ClientId];
            if (!string.IsNullOrEmpty(formClientId) && formClientId != id)
            {
                return (null, OAuthError.InvalidRequest("client_id in the body differs from the authenticated client."));
            }

            return (new ClientCredentials(id, secret, ClientCredentialSource.BasicHeader), null);
        }

        var clientSecret = form[OAuthParameters.ClientSecret];
        return (new ClientCredentials(
            form[OAuthParameters.ClientId],
            clientSecret,
            string.IsNullOrEmpty(clientSecret) ? ClientCredentialSource.None : ClientCredentialSource.FormBody), null);
    }

    /// <summary>Base64 of "id:secret", each form-url-encoded first (RFC 6749 §2.3.1).</summary>
    private static bool TryDecodeBasic(string encoded, out string clientId, out string clientSecret)
    {
        clientId = clientSecret = string.Empty;
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(encoded);
        }
        catch (FormatException)
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(bytes);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        clientId = Uri.UnescapeDataString(text[..colon].Replace('+', ' '));
        clientSecret = Uri.UnescapeDataString(text[(colon + 1)..].Replace('+', ' '));
        return clientId.Length > 0;
    }
}
