namespace CleanProxy.Domain.Clients;

/// <summary>Token endpoint authentication methods (RFC 7591 §2), stored by their protocol names.</summary>
public static class ClientAuthenticationMethod
{
    public const string None = "none";
    public const string ClientSecretBasic = "client_secret_basic";
    public const string ClientSecretPost = "client_secret_post";

    public static readonly IReadOnlyList<string> Supported = [ClientSecretBasic, ClientSecretPost, None];

    public static bool IsSupported(string? method) => method is None or ClientSecretBasic or ClientSecretPost;
}
