using System.Text;
using System.Text.Json.Nodes;
using Duende.IdentityModel.Client;
using Microsoft.AspNetCore.WebUtilities;

namespace CleanProxy.Infrastructure.Upstream;

/// <summary>
/// Token answers in the form encoding (<c>access_token=...&amp;token_type=bearer&amp;scope=...</c>) that some
/// providers send instead of JSON — GitHub does, as application/x-www-form-urlencoded or text/plain, even with
/// <c>Accept: application/json</c> in some setups, and reports errors (<c>error=...</c>) the same way. Duende reads
/// only JSON; this turns such an answer into the JSON one it stands for, so the adapter judges both alike.
/// </summary>
internal static class FormEncodedTokenResponse
{
    /// <summary>The same answer as JSON when it was form-encoded; otherwise <paramref name="response"/> unchanged.</summary>
    public static async Task<TokenResponse> AsJsonAsync(TokenResponse response)
    {
        // Duende reports a body it could not parse as JSON as an exception, with the body in Raw.
        if (response.ErrorType != ResponseErrorType.Exception
            || response.HttpResponse is not { } http
            || response.Raw is not { Length: > 0 } body
            || http.Content.Headers.ContentType?.MediaType is not ("application/x-www-form-urlencoded" or "text/plain"))
        {
            return response;
        }

        var fields = QueryHelpers.ParseQuery(body.Trim());
        if (!fields.ContainsKey("access_token") && !fields.ContainsKey("error"))
        {
            return response;
        }

        var json = new JsonObject();
        foreach (var (name, value) in fields)
        {
            json[name] = name == "expires_in" && int.TryParse(value.ToString(), out var seconds) ? seconds : value.ToString();
        }

        using var asJson = new HttpResponseMessage(http.StatusCode)
        {
            Content = new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        return await ProtocolResponse.FromHttpResponseAsync<TokenResponse>(asJson);
    }
}
