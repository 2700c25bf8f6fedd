using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CleanProxy.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace CleanProxy.IntegrationTests.Deployment;

/// <summary>
/// With <c>CleanProxy:DataProtection:CertificatePath</c>, the key ring stored in the database is encrypted to that
/// certificate: a database dump alone no longer decrypts upstream tokens. Without it the ring is stored as is.
/// </summary>
public sealed class DataProtectionAtRestTests : IDisposable
{
    private const string Password = "test-pfx-password";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cleanproxy-tests", Guid.NewGuid().ToString("N"));

    public DataProtectionAtRestTests() => Directory.CreateDirectory(_directory);

    [Fact]
    public async Task WithACertificate_TheStoredKeyRingIsEncrypted_AndTheFlowWorks()
    {
        var path = CreateCertificate("current.pfx");
        await using var stack = new ProxyStack(new Dictionary<string, string?>
        {
            ["CleanProxy:DataProtection:CertificatePath"] = path,
            ["CleanProxy:DataProtection:CertificatePassword"] = Password,
        });
        await stack.InitializeAsync();
        using var client = new OAuthTestClient(stack);
        var (registered, code, verifier) = await client.AuthorizeAsync();
        var tokens = await client.ExchangeCodeAsync(registered, code, verifier);
        var (status, _, response) = await McpHttp.CallAsync(client.Http, stack.McpUrl, tokens.AccessToken, "initialize", McpHttp.InitializeParams);
        response.Dispose();

        Assert.Equal(HttpStatusCode.OK, status);
        var ring = await stack.QueryDatabaseAsync(db => db.DataProtectionKeys.Select(k => k.Xml).ToListAsync());
        Assert.NotEmpty(ring);
        Assert.All(ring, xml =>
        {
            Assert.Contains("encryptedSecret", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("unencrypted form", xml, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task WithoutACertificate_TheStoredKeyRingIsPlain()
    {
        await using var stack = new ProxyStack();
        await stack.InitializeAsync();

        var ring = await stack.QueryDatabaseAsync(db => db.DataProtectionKeys.Select(k => k.Xml).ToListAsync());

        Assert.All(ring, xml => Assert.DoesNotContain("encryptedSecret", xml, StringComparison.Ordinal));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp file is harmless.
        }
    }

    private string CreateCertificate(string name)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=CleanProxy Data Protection (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return path;
    }
}
