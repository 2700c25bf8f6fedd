using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CleanProxy.Application.Common.Interfaces;
using CleanProxy.Domain.Sessions;
using CleanProxy.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;

namespace CleanProxy.IntegrationTests.UpstreamProviders;

/// <summary>
/// Upstream refresh against oidc-provider, whose access tokens live 10 s and whose refresh tokens rotate (presenting
/// a rotated one again ends the grant there). The proxy's clock is moved past the upstream expiry.
/// </summary>
public sealed class OidcProviderRefreshTests(OidcProviderStack stack) : IClassFixture<OidcProviderStack>
{
    private static readonly TimeSpan PastUpstreamExpiry = TimeSpan.FromSeconds(OidcProviderStack.AccessTokenTtlSeconds);

    [Fact]
    public async Task ExpiringUpstreamToken_IsRefreshedBeforeTheGatewayForwards_AndItsRotatedRefreshTokenReplacesTheOld()
    {
        using var client = new OAuthTestClient(stack);
        var (_, tokens) = await OidcProviderSignIn.SignInAsync(client);

        // The proxy's own token keeps the proxy's lifetime, not oidc-provider's 10 s.
        Assert.Equal(3600, tokens.Body["expires_in"]!.GetValue<int>());
        var sessionId = SessionOf(tokens.AccessToken);
        var atSignIn = await ReadVaultAsync(sessionId);
        var grantsBefore = await RefreshGrantsAsync(client.Http);

        stack.Clock.Advance(PastUpstreamExpiry);
        Assert.Equal("carol-0042", (await OidcProviderSignIn.WhoAmIAsync(client.Http, stack.McpUrl, tokens.AccessToken))["sub"]!.GetValue<string>());
        var afterFirst = await ReadVaultAsync(sessionId);
        Assert.Equal(grantsBefore + 1, await RefreshGrantsAsync(client.Http));
        Assert.NotEqual(atSignIn.AccessToken, afterFirst.AccessToken);
        Assert.NotEqual(atSignIn.RefreshToken, afterFirst.RefreshToken);
        Assert.True(afterFirst.ExpiresAt > stack.Clock.GetUtcNow());

        // The second refresh presents the rotated token: had the proxy kept the old one, oidc-provider would see a
        // reuse, end the grant, and the gateway would answer 401.
        stack.Clock.Advance(PastUpstreamExpiry);
        Assert.Equal("carol-0042", (await OidcProviderSignIn.WhoAmIAsync(client.Http, stack.McpUrl, tokens.AccessToken))["sub"]!.GetValue<string>());
        Assert.Equal(grantsBefore + 2, await RefreshGrantsAsync(client.Http));
        Assert.NotEqual(afterFirst.RefreshToken, (await ReadVaultAsync(sessionId)).RefreshToken);

        // A fresh upstream token is not refreshed again.
        await OidcProviderSignIn.WhoAmIAsync(client.Http, stack.McpUrl, tokens.AccessToken);
        Assert.Equal(grantsBefore + 2, await RefreshGrantsAsync(client.Http));
    }

    [Fact]
    public async Task ClientRefreshingItsToken_WhileTheUpstreamOneIsNearExpiry_RefreshesUpstreamToo()
    {
        using var client = new OAuthTestClient(stack);
        var (registered, tokens) = await OidcProviderSignIn.SignInAsync(client);
        var sessionId = SessionOf(tokens.AccessToken);
        var atSignIn = await ReadVaultAsync(sessionId);
        var grantsBefore = await RefreshGrantsAsync(client.Http);

        stack.Clock.Advance(PastUpstreamExpiry);
        var refreshed = await client.RefreshAsync(registered, tokens.RefreshToken);

        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.Equal(3600, refreshed.Body["expires_in"]!.GetValue<int>());
        Assert.Equal(grantsBefore + 1, await RefreshGrantsAsync(client.Http));
        Assert.NotEqual(atSignIn.AccessToken, (await ReadVaultAsync(sessionId)).AccessToken);
    }

    [Fact]
    public async Task GrantEndedAtTheIdentityProvider_RevokesTheSession_GatewayAnswers401_AndRefreshAnswersInvalidGrant()
    {
        using var client = new OAuthTestClient(stack);
        var (registered, tokens) = await OidcProviderSignIn.SignInAsync(client);
        var sessionId = SessionOf(tokens.AccessToken);

        // An administrator ends the grant at oidc-provider (its revocation endpoint, as the proxy's client).
        await RevokeAtOidcProviderAsync(client.Http, (await ReadVaultAsync(sessionId)).RefreshToken!);

        stack.Clock.Advance(PastUpstreamExpiry);
        var (status, _, response) = await McpHttp.CallAsync(client.Http, stack.McpUrl, tokens.AccessToken, "initialize", McpHttp.InitializeParams);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

        var session = await stack.QueryDatabaseAsync(db => db.Sessions.AsNoTracking().SingleAsync(s => s.Id == sessionId));
        Assert.False(session.IsActive);
        (await client.RefreshAsync(registered, tokens.RefreshToken)).AssertError(HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task RevokingTheProxysRefreshToken_RevokesTheUpstreamRefreshTokenAtOidcProvider()
    {
        using var client = new OAuthTestClient(stack);
        var (registered, tokens) = await OidcProviderSignIn.SignInAsync(client);
        var upstreamRefreshToken = (await ReadVaultAsync(SessionOf(tokens.AccessToken))).RefreshToken!;
        var revocationsBefore = (await stack.OidcProvider.GetStatsAsync(client.Http))["revocations"]!.GetValue<int>();

        using var revoke = await client.Http.PostAsync(stack.ProxyUrl + "/oauth/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = tokens.RefreshToken,
            ["client_id"] = registered.ClientId,
        }));
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);

        Assert.Equal(revocationsBefore + 1, (await stack.OidcProvider.GetStatsAsync(client.Http))["revocations"]!.GetValue<int>());

        // oidc-provider no longer honours the upstream refresh token.
        using var refresh = new HttpRequestMessage(HttpMethod.Post, stack.OidcProvider.Issuer + "/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = upstreamRefreshToken }),
        };
        refresh.Headers.Authorization = BasicAuthentication();
        using var refused = await client.Http.SendAsync(refresh);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("invalid_grant", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static AuthenticationHeaderValue BasicAuthentication()
        => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(
            $"{Uri.EscapeDataString(OidcProviderStack.ClientId)}:{Uri.EscapeDataString(OidcProviderStack.ClientSecret)}")));

    private static Guid SessionOf(string accessToken) => Guid.Parse(new JsonWebToken(accessToken).GetClaim("sid").Value);

    private async Task<int> RefreshGrantsAsync(HttpClient http) => (await stack.OidcProvider.GetStatsAsync(http))["refreshTokenGrants"]!.GetValue<int>();

    private async Task<(string AccessToken, string? RefreshToken, DateTimeOffset? ExpiresAt)> ReadVaultAsync(Guid sessionId)
    {
        var vault = await stack.QueryDatabaseAsync(db => db.UpstreamTokens.AsNoTracking().SingleAsync(v => v.SessionId == sessionId));
        return (Decrypt(vault.ProtectedAccessToken)!, Decrypt(vault.ProtectedRefreshToken), vault.AccessTokenExpiresAt);
    }

    private string? Decrypt(string? protectedValue)
    {
        if (protectedValue is null)
        {
            return null;
        }

        var protector = stack.ProxyServices.GetRequiredService<ISecretProtector>();
        Assert.True(protector.TryUnprotect(protectedValue, ProtectionPurposes.UpstreamTokens, out var plaintext));
        return plaintext;
    }

    private async Task RevokeAtOidcProviderAsync(HttpClient http, string refreshToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, stack.OidcProvider.Issuer + "/token/revocation")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = refreshToken, ["token_type_hint"] = "refresh_token" }),
        };
        request.Headers.Authorization = BasicAuthentication();
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
