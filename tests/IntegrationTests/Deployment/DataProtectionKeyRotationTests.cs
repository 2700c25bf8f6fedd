using System.Net;
using CleanProxy.IntegrationTests.Support;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CleanProxy.IntegrationTests.Deployment;

/// <summary>
/// The Data Protection key ring (it encrypts upstream tokens and private signing keys) rotates without losing what
/// older keys encrypted: every key stays in the database, and any instance decrypts with any of them.
/// </summary>
public sealed class DataProtectionKeyRotationTests(ProxyStack stack) : IClassFixture<ProxyStack>
{
    [Fact]
    public async Task AfterANewEncryptionKey_UpstreamTokensStoredBeforeStayReadable_OnEveryInstance()
    {
        using var client = new OAuthTestClient(stack);
        var (registered, code, verifier) = await client.AuthorizeAsync();
        var before = await client.ExchangeCodeAsync(registered, code, verifier);
        var keysBefore = await stack.QueryDatabaseAsync(db => db.DataProtectionKeys.CountAsync());

        // What the automatic rotation does: a new default key next to the old one, in the shared database.
        var now = DateTimeOffset.UtcNow;
        stack.ProxyServices.GetRequiredService<IKeyManager>().CreateNewKey(activationDate: now.AddMinutes(-1), expirationDate: now.AddDays(90));
        var secondInstance = await stack.StartAnotherProxyInstanceAsync();

        // The token stored under the old key is forwarded by an instance that started after the rotation …
        var (statusOnNewInstance, _, _) = await McpHttp.CallAsync(client.Http, secondInstance + "/mcp", before.AccessToken, "initialize", McpHttp.InitializeParams);
        // … and sign-ins after the rotation work too.
        var (secondClient, secondCode, secondVerifier) = await client.AuthorizeAsync();
        var after = await client.ExchangeCodeAsync(secondClient, secondCode, secondVerifier);
        var (statusAfter, _, _) = await McpHttp.CallAsync(client.Http, secondInstance + "/mcp", after.AccessToken, "initialize", McpHttp.InitializeParams);

        Assert.Equal(keysBefore + 1, await stack.QueryDatabaseAsync(db => db.DataProtectionKeys.CountAsync()));
        Assert.Equal(HttpStatusCode.OK, statusOnNewInstance);
        Assert.Equal(HttpStatusCode.OK, statusAfter);
    }
}
