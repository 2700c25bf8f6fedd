using System.Net.Http.Headers;
using System.Text.Json.Serialization;
using DevIdentityProvider.Diagnostics;
using DevIdentityProvider.Stores;

namespace DevIdentityProvider.Tokens;

/// <summary>OIDC UserInfo, in the deliberately "legacy" shape: groups are objects, not strings.</summary>
internal sealed class UserInfoHandler(GrantStore grants, UserDirectory users, DevStats stats, TimeProvider timeProvider)
{
    public UserInfoOutcome Handle(string? authorizationHeader)
    {
        stats.CountUserinfoRequest();
        if (!AuthenticationHeaderValue.TryParse(authorizationHeader, out var header)
            || !string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return UserInfoOutcome.NoToken;
        }

        var accessToken = string.IsNullOrEmpty(header.Parameter) ? null : grants.FindAccessToken(header.Parameter);
        if (accessToken is null || !accessToken.IsActive(timeProvider.GetUtcNow()))
        {
            return UserInfoOutcome.InvalidToken;
        }

        var user = users.FindBySubject(accessToken.Family.Subject);
        return user is null
            ? UserInfoOutcome.InvalidToken
            : new UserInfoOutcome(new UserInfoResponse(
                user.Subject,
                user.Name,
                user.Username,
                user.Email,
                user.Department,
                user.EmployeeNumber,
                user.Groups.Select(group => new UserInfoGroup(group)).ToArray()));
    }
}

/// <summary>Either the claims, or which 401 to answer (RFC 6750 3.1: no error code when no token was sent).</summary>
internal sealed record UserInfoOutcome(UserInfoResponse? Response, bool TokenWasPresented = true)
{
    public static UserInfoOutcome NoToken { get; } = new(Response: null, TokenWasPresented: false);

    public static UserInfoOutcome InvalidToken { get; } = new(Response: null);
}

internal sealed record UserInfoResponse(
    [property: JsonPropertyName("sub")] string Subject,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("preferred_username")] string PreferredUsername,
    [property: JsonPropertyName("email")] string Email,
    [property: JsonPropertyName("department")] string Department,
    [property: JsonPropertyName("employee_number")] string EmployeeNumber,
    [property: JsonPropertyName("groups")] IReadOnlyList<UserInfoGroup> Groups);

internal sealed record UserInfoGroup([property: JsonPropertyName("name")] string Name);
