using System.Net;
using System.Text.RegularExpressions;

namespace CleanProxy.IntegrationTests.UpstreamProviders;

/// <summary>
/// Plays the user's browser at oidc-provider: keeps its cookies (its interactions need them), follows redirects one
/// hop at a time, and submits its sign-in and consent pages like a person would.
/// </summary>
public sealed partial class OidcProviderBrowser : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() });

    /// <summary>From the proxy's authorize URL to the redirect that leaves the proxy for the client (not followed).</summary>
    public async Task<Uri> SignInAsync(string authorizeUrl, string clientRedirectUri, string login = "carol-0042", bool deny = false)
    {
        var url = authorizeUrl;
        for (var hop = 0; hop < 20; hop++)
        {
            using var response = await _http.GetAsync(url);
            if (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther)
            {
                var location = new Uri(new Uri(url), response.Headers.Location!).ToString();
                if (location.StartsWith(clientRedirectUri, StringComparison.Ordinal))
                {
                    return new Uri(location);
                }

                url = location;
                continue;
            }

            var page = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK || !FormAction().IsMatch(page))
            {
                throw new InvalidOperationException($"Expected a redirect or an oidc-provider form at {url}, got {(int)response.StatusCode}: {page}");
            }

            url = await SubmitAsync(new Uri(new Uri(url), WebUtility.HtmlDecode(FormAction().Match(page).Groups[1].Value)), page, login, deny);
        }

        throw new InvalidOperationException("Too many redirects.");
    }

    /// <summary>Fills in the sign-in page (any password: these are oidc-provider's development pages) or confirms consent.</summary>
    private async Task<string> SubmitAsync(Uri action, string page, string login, bool deny)
    {
        var prompt = Prompt().Match(page).Groups[1].Value;
        if (deny)
        {
            // The pages' "Cancel" link: oidc-provider's abort, which answers access_denied.
            return action + "/abort";
        }

        var form = new Dictionary<string, string> { ["prompt"] = prompt };
        if (prompt == "login")
        {
            form["login"] = login;
            form["password"] = "any-password";
        }

        using var response = await _http.PostAsync(action, new FormUrlEncodedContent(form));
        if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther))
        {
            throw new InvalidOperationException($"oidc-provider did not accept the {prompt} form: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return new Uri(action, response.Headers.Location!).ToString();
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("<form autocomplete=\"off\" action=\"([^\"]+)\"")]
    private static partial Regex FormAction();

    [GeneratedRegex("name=\"prompt\" value=\"([a-z]+)\"")]
    private static partial Regex Prompt();
}
