using Microsoft.Extensions.Options;

namespace DevIdentityProvider.Options;

/// <summary>
/// Supplies the default client and users when configuration names none, so the sample works even when another
/// project's appsettings.json wins the copy into a shared test output folder.
/// </summary>
internal sealed class DevIdentityProviderDefaults : IPostConfigureOptions<DevIdentityProviderOptions>
{
    public void PostConfigure(string? name, DevIdentityProviderOptions options)
    {
        if (options.Clients.Count == 0)
        {
            options.Clients.Add(new DevClientOptions
            {
                ClientId = "cleanproxy",
                ClientSecret = "cleanproxy-dev-secret",
                RedirectUris = ["http://127.0.0.1:5000/oauth/callback"],
            });
        }

        if (options.Users.Count == 0)
        {
            options.Users.Add(new DevUserOptions
            {
                Username = "alice",
                Password = "alice-password",
                Subject = "alice-0001",
                Name = "Alice Anderson",
                Email = "alice@example.test",
                Department = "Engineering",
                EmployeeNumber = "E-1001",
                Groups = ["engineering", "mcp-users"],
            });
            options.Users.Add(new DevUserOptions
            {
                Username = "bob",
                Password = "bob-password",
                Subject = "bob-0002",
                Name = "Bob Brown",
                Email = "bob@example.test",
                Department = "Sales",
                EmployeeNumber = "E-2002",
                Groups = ["sales"],
            });
        }
    }
}
