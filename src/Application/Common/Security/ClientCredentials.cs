using System.Text;

namespace CleanProxy.Application.Common.Security;

/// <summary>How the client presented itself at the token endpoint (RFC 6749 §2.3), as the HTTP edge read it.</summary>
public sealed record ClientCredentials(string? ClientId, string? ClientSecret, ClientCredentialSource Source)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("ClientId = ").Append(ClientId).Append(", Source = ").Append(Source);
        return true;
    }
}

public enum ClientCredentialSource
{
    /// <summary>Only a <c>client_id</c> form parameter (public client).</summary>
    None,

    /// <summary>HTTP Basic authentication header.</summary>
    BasicHeader,

    /// <summary><c>client_id</c> and <c>client_secret</c> form parameters.</summary>
    FormBody,
}
