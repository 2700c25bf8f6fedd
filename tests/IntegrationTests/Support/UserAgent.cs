using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace CleanProxy.IntegrationTests.Support;

/// <summary>
/// Plays the user's browser: follows redirects one hop at a time (so every hop can be asserted), and fills in the
/// development IdP's login form like a person would.
/// </summary>
public sealed partial class UserAgent : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });

    /// <summary>
    /// Starts at <paramref name="authorizeUrl"/>, signs in at the IdP (or denies), and returns the redirect that leaves
    /// the proxy for the client's redirect URI, without following it.
    /// </summary>
    public async Task<Uri> SignInAsync(string authorizeUrl, string clientRedirectUri, string username = "alice", string password = "alice-password", bool deny = false)
    {
        var callback = await LoginAtIdentityProviderAsync(authorizeUrl, clientRedirectUri, username, password, deny);
        var final = await FollowUntilAsync(callback, clientRedirectUri);
        return final.Headers.Location ?? throw new InvalidOperationException($"Expected a redirect to the client, got {(int)final.StatusCode}: {await final.Content.ReadAsStringAsync()}");
    }

    /// <summary>Follows the authorization request to the IdP's login form, submits it and returns the IdP's redirect (the proxy's callback URL).</summary>
    public async Task<string> LoginAtIdentityProviderAsync(string authorizeUrl, string clientRedirectUri, string username = "alice", string password = "alice-password", bool deny = false)
    {
        var response = await FollowUntilAsync(authorizeUrl, clientRedirectUri);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"Expected the IdP login page, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        var page = await response.Content.ReadAsStringAsync();
        var action = FormAction().Match(page).Groups[1].Value;
        var requestId = RequestId().Match(page).Groups[1].Value;
        using var login = await _http.PostAsync(WebUtility.HtmlDecode(action), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["request_id"] = WebUtility.HtmlDecode(requestId),
            ["username"] = username,
            ["password"] = password,
            ["action"] = deny ? "deny" : "login",
        }));
        if (login.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"The IdP did not accept the login: {(int)login.StatusCode}");
        }

        return login.Headers.Location!.ToString();
    }

    /// <summary>Follows redirects until one points at <paramref name="stopAtPrefix"/> or a page is answered.</summary>
    public async Task<HttpResponseMessage> FollowUntilAsync(string url, string stopAtPrefix)
    {
        for (var hop = 0; hop < 10; hop++)
        {
            var response = await _http.GetAsync(url);
            if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther))
            {
                return response;
            }

            var location = response.Headers.Location!.ToString();
            if (location.StartsWith(stopAtPrefix, StringComparison.Ordinal))
            {
                return response;
            }

            url = location;
        }

        throw new InvalidOperationException("Too many redirects.");
    }

    public Task<HttpResponseMessage> GetAsync(string url) => _http.GetAsync(url);

    public static Dictionary<string, string> QueryOf(Uri uri)
        => QueryHelpers.ParseQuery(uri.Query).ToDictionary(p => p.Key, p => p.Value.ToString());

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("<form method=\"post\" action=\"([^\"]+)\"")]
    private static partial Regex FormAction();

    [GeneratedRegex("name=\"request_id\" value=\"([^\"]+)\"")]
    private static partial Regex RequestId();
}
