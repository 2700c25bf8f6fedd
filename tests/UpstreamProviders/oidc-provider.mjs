// A real, independent OpenID provider for the integration tests: the certified `oidc-provider` package, configured
// like a production IdP the proxy would meet (no dynamic registration, one static confidential client, short-lived
// access tokens, rotating refresh tokens), with its development login/consent pages standing in for a real login UI.
//
// Configuration comes from environment variables set by tests/IntegrationTests/Support/OidcProviderProcess.cs:
//   OP_PORT, OP_CLIENT_ID, OP_CLIENT_SECRET, OP_REDIRECT_URI, OP_ACCESS_TOKEN_TTL (seconds)
// Prints "listening <issuer>" on stdout once it accepts connections. Binds 127.0.0.1 only.
import { createServer } from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';

const port = Number(process.env.OP_PORT);
const issuer = `http://127.0.0.1:${port}`;

// The test account, keyed by the login its development sign-in page takes (which becomes the subject), with claims
// beyond the standard ones so that claim mapping has something to map.
const accounts = {
  'carol-0042': {
    sub: 'carol-0042',
    email: 'carol@example.test',
    email_verified: true,
    name: 'Carol Example',
    department: 'Research',
    employee_number: 'E-4242',
    groups: [{ name: 'mcp-users' }, { name: 'researchers' }],
  },
};

// What the tests may want to count: token grants by type and revocation requests.
const stats = { authorizationCodeGrants: 0, refreshTokenGrants: 0, revocations: 0 };

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'op-rs256-1', use: 'sig', alg: 'RS256' };

const provider = new Provider(issuer, {
  clients: [{
    client_id: process.env.OP_CLIENT_ID,
    client_secret: process.env.OP_CLIENT_SECRET,
    redirect_uris: [process.env.OP_REDIRECT_URI],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  scopes: ['openid', 'offline_access', 'profile', 'email', 'corp'],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
    corp: ['department', 'employee_number', 'groups'],
  },
  features: {
    devInteractions: { enabled: true },
    registration: { enabled: false },
    revocation: { enabled: true },
    userinfo: { enabled: true },
  },
  pkce: { required: () => true },
  ttl: {
    AccessToken: Number(process.env.OP_ACCESS_TOKEN_TTL ?? 10),
    IdToken: 300,
    RefreshToken: 3600,
    Grant: 3600,
    Session: 3600,
    Interaction: 600,
    AuthorizationCode: 60,
  },
  rotateRefreshToken: true,
  // Refresh tokens whenever the client may use them: oidc-provider would otherwise drop offline_access unless the
  // authorization request says prompt=consent, a policy that is this provider's and not what the tests are about.
  issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
  findAccount: async (_ctx, id) => {
    const account = accounts[id];
    if (!account) return undefined;
    return { accountId: account.sub, claims: async () => ({ ...account }) };
  },
});

provider.on('grant.success', (ctx) => {
  const grantType = ctx.oidc.params?.grant_type;
  if (grantType === 'authorization_code') stats.authorizationCodeGrants += 1;
  if (grantType === 'refresh_token') stats.refreshTokenGrants += 1;
});
provider.on('server_error', (_ctx, error) => { process.stderr.write(`oidc-provider server_error: ${error.stack}\n`); });

const callback = provider.callback();
const server = createServer((req, res) => {
  if (req.url === '/test/stats') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(stats));
    return;
  }
  // oidc-provider emits no event for a successful revocation: count the requests to its revocation endpoint.
  if (req.method === 'POST' && req.url === '/token/revocation') stats.revocations += 1;
  callback(req, res);
});

server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`listening ${issuer}\n`);
});

// The test host ends this process by closing stdin (and kills it if that does not work).
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
