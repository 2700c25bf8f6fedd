using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace EchoMcpServer.UserInfo;

/// <summary>Presents a caller's upstream access token to the identity provider's userinfo endpoint.</summary>
public sealed class UserInfoClient(HttpClient httpClient, IOptions<EchoMcpServerOptions> options, ILogger<UserInfoClient> logger)
{
    public async Task<UserInfoResult> GetAsync(string accessToken, CancellationToken cancellationToken)
    {
        var endpoint = options.Value.UserInfoEndpoint;
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoint);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        HttpResponseMessage response;
        try
        {
            response = await httpClient.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning(ex, "Userinfo request to {Endpoint} failed", endpoint);
            return UserInfoResult.Failed($"upstream userinfo request to {endpoint} failed ({ex.HttpRequestError})");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Userinfo request to {Endpoint} timed out", endpoint);
            return UserInfoResult.Failed($"upstream userinfo at {endpoint} did not answer in time");
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                return UserInfoResult.Failed("upstream userinfo rejected the token (401)");
            }

            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("Userinfo at {Endpoint} answered {StatusCode}", endpoint, (int)response.StatusCode);
                return UserInfoResult.Failed($"upstream userinfo answered {(int)response.StatusCode}");
            }

            try
            {
                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
                return document.RootElement.ValueKind == JsonValueKind.Object
                    ? UserInfoResult.Succeeded(document.RootElement.Clone())
                    : UserInfoResult.Failed("upstream userinfo answered something other than a JSON object");
            }
            catch (JsonException)
            {
                return UserInfoResult.Failed("upstream userinfo answered something other than a JSON object");
            }
        }
    }
}
