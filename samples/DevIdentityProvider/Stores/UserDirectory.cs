using DevIdentityProvider.Options;
using DevIdentityProvider.Protocol;
using Microsoft.Extensions.Options;

namespace DevIdentityProvider.Stores;

/// <summary>The configured test users.</summary>
internal sealed class UserDirectory(IOptions<DevIdentityProviderOptions> options)
{
    public DevUserOptions? FindBySubject(string subject) =>
        options.Value.Users.FirstOrDefault(user => string.Equals(user.Subject, subject, StringComparison.Ordinal));

    public DevUserOptions? CheckCredentials(string? username, string? password)
    {
        if (username is null || password is null)
        {
            return null;
        }

        var user = options.Value.Users.FirstOrDefault(
            candidate => string.Equals(candidate.Username, username, StringComparison.OrdinalIgnoreCase));

        // Compare even for unknown users so the answer time does not reveal which usernames exist.
        var passwordMatches = Secrets.FixedTimeEquals(password, user?.Password ?? "\0unknown-user");
        return user is not null && passwordMatches ? user : null;
    }
}
