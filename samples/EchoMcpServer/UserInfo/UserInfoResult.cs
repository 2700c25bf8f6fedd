using System.Text.Json;

namespace EchoMcpServer.UserInfo;

/// <summary>Either the userinfo JSON object or a message that is safe to show the caller.</summary>
public sealed record UserInfoResult
{
    private UserInfoResult(JsonElement? claims, string? error)
    {
        Claims = claims;
        Error = error;
    }

    public JsonElement? Claims { get; }

    public string? Error { get; }

    public static UserInfoResult Succeeded(JsonElement claims) => new(claims, null);

    public static UserInfoResult Failed(string error) => new(null, error);
}
