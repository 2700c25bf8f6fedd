using CleanProxy.Application.Common.OAuth;

namespace CleanProxy.Application.Common.Interfaces;

/// <summary>
/// Fetches, validates and caches Client ID Metadata Documents: the client metadata behind a URL client id. Failures
/// are <c>invalid_client</c> values, never cached.
/// </summary>
public interface IClientMetadataDocuments
{
    Task<OAuthResult<ClientMetadataDocument>> GetAsync(string clientIdUrl, CancellationToken cancellationToken);
}

/// <summary>What the proxy uses of a validated document; the client is always public (<c>none</c>).</summary>
public sealed record ClientMetadataDocument(string ClientId, IReadOnlyList<string> RedirectUris, IReadOnlyList<string> GrantTypes, string? ClientName);
