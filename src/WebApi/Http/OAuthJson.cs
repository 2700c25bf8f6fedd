using System.Text.Json;
using System.Text.Json.Serialization;

namespace CleanProxy.WebApi.Http;

/// <summary>JSON as OAuth clients expect it: snake_case members from attributes, and never a null member.</summary>
public static class OAuthJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

public sealed record OAuthErrorBody(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string ErrorDescription);

public sealed record TokenResponseBody(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken,
    [property: JsonPropertyName("scope")] string Scope);

/// <summary>RFC 7662 §2.2: members only when active; times as NumericDate.</summary>
public sealed record IntrospectionResponseBody(
    [property: JsonPropertyName("active")] bool Active,
    [property: JsonPropertyName("scope")] string? Scope,
    [property: JsonPropertyName("client_id")] string? ClientId,
    [property: JsonPropertyName("sub")] string? Subject,
    [property: JsonPropertyName("token_type")] string? TokenType,
    [property: JsonPropertyName("iat")] long? IssuedAt,
    [property: JsonPropertyName("exp")] long? ExpiresAt,
    [property: JsonPropertyName("iss")] string? Issuer,
    [property: JsonPropertyName("aud")] string? Audience)
{
    public static IntrospectionResponseBody From(CleanProxy.Application.Tokens.Queries.IntrospectToken.TokenIntrospection t)
        => new(t.Active, t.Scope, t.ClientId, t.Subject, t.TokenType, t.IssuedAt?.ToUnixTimeSeconds(), t.ExpiresAt?.ToUnixTimeSeconds(), t.Issuer, t.Audience);
}
