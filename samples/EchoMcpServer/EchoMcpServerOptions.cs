namespace EchoMcpServer;

public sealed class EchoMcpServerOptions
{
    public const string SectionName = "EchoMcpServer";

    /// <summary>The upstream identity provider's OIDC userinfo endpoint; <c>whoami</c> presents the caller's token there.</summary>
    public string UserInfoEndpoint { get; set; } = "http://127.0.0.1:5100/userinfo";

    internal static bool IsAbsoluteHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
