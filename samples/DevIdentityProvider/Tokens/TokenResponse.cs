using System.Text;
using System.Text.Json.Serialization;

namespace DevIdentityProvider.Tokens;

/// <summary>RFC 6749 5.1 successful token response.</summary>
internal sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("refresh_token")] string RefreshToken,
    [property: JsonPropertyName("id_token"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? IdToken,
    [property: JsonPropertyName("scope")] string Scope)
{
    // Logging this record must never print a token.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"TokenType = {TokenType}, ExpiresIn = {ExpiresIn}, Scope = {Scope}");
        return true;
    }
}
