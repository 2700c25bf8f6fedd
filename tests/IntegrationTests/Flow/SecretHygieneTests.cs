using System.Net;
using CleanProxy.Domain.Authorization;
using CleanProxy.IntegrationTests.Support;
using CleanProxy.Infrastructure.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CleanProxy.IntegrationTests.Flow;

/// <summary>No code, token or secret in any log line, and none stored in plain text.</summary>
public sealed class SecretHygieneTests(ProxyStack stack) : IClassFixture<ProxyStack>
{
    [Fact]
    public async Task AFullFlowWithRefreshAndErrors_LeavesNoCodeTokenOrSecretInTheLogs()
    {
        using var client = new OAuthTestClient(stack);
        var registered = await client.RegisterAsync("client_secret_post");
        var verifier = Pkce.CreateVerifier();
        using var browser = new UserAgent();
        var callback = await browser.LoginAtIdentityProviderAsync(client.AuthorizeUrl(registered, Pkce.ComputeS256Challenge(verifier)), registered.RedirectUri);
        var redirect = (await browser.GetAsync(callback)).Headers.Location!;
        var code = UserAgent.QueryOf(redirect)["code"];
        var upstreamCode = UserAgent.QueryOf(new Uri(callback))["code"];
        var upstreamState = UserAgent.QueryOf(new Uri(callback))["state"];
        var tokens = await client.ExchangeCodeAsync(registered, code, verifier);
        var refreshed = await client.RefreshAsync(registered, tokens.RefreshToken);
        await McpHttp.CallAsync(client.Http, stack.McpUrl, refreshed.AccessToken, "initialize", McpHttp.InitializeParams);
        // Read before the replay below: revoking the session deletes its upstream tokens.
        var upstreamAccessToken = await stack.QueryDatabaseAsync(async db =>
        {
            var vault = await db.UpstreamTokens.AsNoTracking()
                .SingleAsync(v => db.Sessions.Any(s => s.Id == v.SessionId && s.ClientId == registered.ClientId));
            var protector = stack.ProxyServices.GetRequiredService<IDataProtectionProvider>().CreateProtector("CleanProxy.UpstreamTokens.v1");
            return protector.Unprotect(vault.ProtectedAccessToken);
        });
        await client.ExchangeCodeAsync(registered, code, verifier); // replay: an error path that logs
        await client.RefreshAsync(registered with { ClientSecret = "cps_wrong-secret-value" }, refreshed.RefreshToken);

        Assert.NotEmpty(stack.ProxyLogs.Lines);
        string[] secrets =
        [
            code, verifier, upstreamCode, upstreamState, tokens.AccessToken, tokens.RefreshToken, refreshed.AccessToken,
            refreshed.RefreshToken, registered.ClientSecret!, "cps_wrong-secret-value", ProxyStack.UpstreamClientSecret, upstreamAccessToken,
        ];
        var leaks = stack.ProxyLogs.Lines
            .Where(line => secrets.Any(secret => line.Contains(secret, StringComparison.Ordinal)))
            .Select(line => line.Length > 300 ? line[..300] : line)
            .ToList();
        Assert.True(leaks.Count == 0, "Secrets in the logs:\n" + string.Join("\n", leaks));

        Assert.Equal(HttpStatusCode.OK, tokens.Status);
    }
}
