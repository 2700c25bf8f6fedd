using System.Text.Json.Serialization;

namespace DevIdentityProvider.Protocol;

/// <summary>A protocol rejection: an RFC 6749 error code and a stable description. Expected outcomes are values, not exceptions.</summary>
internal sealed record OAuthError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string Description)
{
    /// <summary>Set when the client tried HTTP Basic: RFC 6749 5.2 then requires a 401 with a Basic challenge.</summary>
    [JsonIgnore]
    public bool ChallengeBasic { get; init; }

    public static OAuthError InvalidRequest(string description) => new(OAuthConstants.Errors.InvalidRequest, description);

    public static OAuthError InvalidClient(string description) => new(OAuthConstants.Errors.InvalidClient, description);

    public static OAuthError InvalidGrant(string description) => new(OAuthConstants.Errors.InvalidGrant, description);

    public static OAuthError InvalidScope(string description) => new(OAuthConstants.Errors.InvalidScope, description);
}

/// <summary>Either a value or an <see cref="OAuthError"/>.</summary>
internal readonly record struct OAuthResult<T>(T? Value, OAuthError? Error)
    where T : class
{
    public static implicit operator OAuthResult<T>(T value) => new(value, null);

    public static implicit operator OAuthResult<T>(OAuthError error) => new(null, error);
}
