using CleanProxy.Application.Common.Interfaces;
using CleanProxy.Application.Common.OAuth;
using CleanProxy.Application.Common.Options;
using CleanProxy.Domain.Clients;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CleanProxy.Application.Common.Security;

/// <summary>
/// Finds the client behind a client_id: a registered one in the database, or, for a URL client id, the public client
/// its metadata document describes (never stored: the document is the registration).
/// </summary>
public sealed class ClientDirectory(IApplicationDbContext db, IClientMetadataDocuments documents, IOptions<CleanProxyOptions> options, TimeProvider time)
{
    public static bool IsUrlClientId(string clientId)
        => clientId.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || clientId.StartsWith("http://", StringComparison.OrdinalIgnoreCase);

    public async Task<OAuthResult<OAuthClient>> FindAsync(string clientId, CancellationToken cancellationToken)
    {
        if (!IsUrlClientId(clientId))
        {
            var registered = await db.Clients.AsNoTracking().FirstOrDefaultAsync(c => c.ClientId == clientId, cancellationToken);
            return registered is null ? OAuthError.InvalidClient("Unknown client_id. Register the client first.") : registered;
        }

        if (!options.Value.Registration.ClientIdMetadataDocuments.Enabled)
        {
            return OAuthError.InvalidClient("URL client ids (client metadata documents) are not accepted here. Register the client first.");
        }

        var document = await documents.GetAsync(clientId, cancellationToken);
        if (!document.Succeeded)
        {
            return document.Error;
        }

        var d = document.Value;
        return OAuthClient.Register(d.ClientId, ClientAuthenticationMethod.None, null, d.RedirectUris, d.GrantTypes, d.ClientName, null, time.GetUtcNow());
    }
}
