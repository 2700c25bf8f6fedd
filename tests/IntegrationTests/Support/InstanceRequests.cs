namespace CleanProxy.IntegrationTests.Support;

/// <summary>Token requests sent to one chosen proxy instance rather than through <see cref="ProxyStack.ProxyUrl"/>.</summary>
public static class InstanceRequests
{
    public static async Task<TokenResult> PostTokenAsync(HttpClient http, string instanceUrl, RegisteredTestClient client, Dictionary<string, string> form)
    {
        Assert.Equal("none", client.AuthMethod);
        form["client_id"] = client.ClientId;
        using var content = new FormUrlEncodedContent(form);
        using var response = await http.PostAsync(instanceUrl + "/oauth/token", content);
        return await TokenResult.ReadAsync(response);
    }

    public static Task<TokenResult> ExchangeCodeAsync(HttpClient http, string instanceUrl, RegisteredTestClient client, string code, string verifier)
        => PostTokenAsync(http, instanceUrl, client, new()
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = client.RedirectUri, ["code_verifier"] = verifier,
        });

    public static Task<TokenResult> RefreshAsync(HttpClient http, string instanceUrl, RegisteredTestClient client, string refreshToken)
        => PostTokenAsync(http, instanceUrl, client, new() { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken });

    /// <summary>The same URL on another instance (the issuer's callback URL points at the first one).</summary>
    public static string OnInstance(string url, ProxyStack stack, string instanceUrl)
        => url.StartsWith(stack.ProxyUrl, StringComparison.Ordinal) ? instanceUrl + url[stack.ProxyUrl.Length..] : throw new ArgumentException("Not a proxy URL: " + url);
}
