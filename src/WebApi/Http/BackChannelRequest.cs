using CleanProxy.Application.Common.OAuth;
using CleanProxy.Application.Common.Security;

namespace CleanProxy.WebApi.Http;

/// <summary>A back-channel request (token, revocation, introspection): its form and the client credentials it presents.</summary>
public sealed record BackChannelRequest(OAuthForm Form, ClientCredentials Client)
{
    public static async Task<(BackChannelRequest? Request, OAuthError? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (form, formError) = await OAuthForm.ReadAsync(request, cancellationToken);
        if (form is null)
        {
            return (null, formError);
        }

        var (client, clientError) = ClientCredentialsReader.Read(request, form);
        return client is null ? (null, clientError) : (new BackChannelRequest(form, client), null);
    }
}
