using System.Security.Cryptography;
using System.Text;
using CleanProxy.Application.Common.Interfaces;
using CleanProxy.Application.Common.OAuth;
using CleanProxy.Application.Common.Options;
using CleanProxy.Domain.Clients;
using CleanProxy.Domain.Common;
using Mediator;
using Microsoft.Extensions.Options;

namespace CleanProxy.Application.Clients.Commands.RegisterClient;

public sealed class RegisterClientCommandHandler(
    IApplicationDbContext db,
    IClientSecretHasher secretHasher,
    IOptions<CleanProxyOptions> options,
    TimeProvider time) : ICommandHandler<RegisterClientCommand, OAuthResult<RegisteredClient>>
{
    public async ValueTask<OAuthResult<RegisteredClient>> Handle(RegisterClientCommand command, CancellationToken cancellationToken)
    {
        if (options.Value.Registration.InitialAccessToken is { } required && !SameSecret(command.InitialAccessToken, required))
        {
            // RFC 7591 §3: an invalid initial access token is answered as RFC 6750 describes (401 invalid_token).
            return OAuthError.InvalidToken("Registration requires a valid initial access token (Authorization: Bearer).");
        }

        var now = time.GetUtcNow();

        // RFC 7591 §2: the default is client_secret_basic.
        var authMethod = command.TokenEndpointAuthMethod ?? ClientAuthenticationMethod.ClientSecretBasic;

        // Unsupported grant types are narrowed away rather than rejected: clients ask for more than they use.
        // No grant_types at all gets both, so that clients which omit the member still receive refresh tokens.
        var grantTypes = command.GrantTypes is { Count: > 0 } requested
            ? GrantTypes.Supported.Where(requested.Contains).ToList()
            : [.. GrantTypes.Supported];
        if (!grantTypes.Contains(GrantTypes.AuthorizationCode))
        {
            return OAuthError.InvalidClientMetadata("grant_types must include \"authorization_code\": it is the only way to obtain tokens here.");
        }

        var clientId = OpaqueToken.Create(bytes: 16);
        var secret = authMethod == ClientAuthenticationMethod.None ? null : OpaqueToken.Create("cps_");
        var redirectUris = command.RedirectUris!.Distinct(StringComparer.Ordinal).ToList();

        var client = OAuthClient.Register(
            clientId,
            authMethod,
            secret is null ? null : secretHasher.Hash(secret),
            redirectUris,
            grantTypes,
            command.ClientName,
            command.Scope,
            now);
        db.Clients.Add(client);
        await db.SaveChangesAsync(cancellationToken);

        return new RegisteredClient(
            clientId,
            secret,
            now.ToUnixTimeSeconds(),
            secret is null ? null : 0, // 0: the secret does not expire (RFC 7591 §3.2.1).
            client.RedirectUris,
            authMethod,
            client.GrantTypes,
            [ResponseTypes.Code],
            client.ClientName,
            client.Scope);
    }

    /// <summary>Constant time, whatever the lengths: both sides are hashed to 32 bytes first.</summary>
    private static bool SameSecret(string? presented, string expected)
        => presented is not null && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
