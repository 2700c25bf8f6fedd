// The official TypeScript MCP SDK client (@modelcontextprotocol/sdk: auth(), an OAuthClientProvider and the
// Streamable HTTP transport) against a running CleanProxy: discovery from the gateway's 401, dynamic registration,
// authorization code + PKCE (this script plays the user at the development IdP), token, MCP initialize + tools/list +
// whoami through the gateway, then a refresh (rotation) and whoami again with the refreshed access token.
//
//   CLEANPROXY_MCP_URL=http://127.0.0.1:5000/mcp DEV_IDP_USERNAME=alice DEV_IDP_PASSWORD=alice-password \
//     node typescript-sdk-client.mjs
//
// Exits 0 and prints `RESULT {...}` last on success; prints `FAILED: ...` and exits 1 otherwise.
import { randomBytes } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { auth, UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { signInAtDevIdentityProvider, redact } from './lib/dev-idp-user.mjs';
import { check, run, setting } from './lib/env.mjs';

const mcpUrl = new URL(setting('CLEANPROXY_MCP_URL'));
const username = setting('DEV_IDP_USERNAME', 'alice');
const password = setting('DEV_IDP_PASSWORD', 'alice-password');

// A native client's loopback redirect URI. Nothing listens there: the sign-in below stops at the redirect to it.
const redirectUrl = 'http://127.0.0.1:45781/callback';

/** Everything in memory, as a host application would keep it in its own store. */
class InMemoryOAuthClientProvider {
  authorizationUrl = undefined;
  #clientInformation = undefined;
  #tokens = undefined;
  #codeVerifier = undefined;
  #state = undefined;

  get redirectUrl() {
    return redirectUrl;
  }

  get clientMetadata() {
    // What the SDK's users typically register: no scope, a loopback redirect URI, a public client.
    return {
      client_name: 'CleanProxy end-to-end: TypeScript SDK',
      redirect_uris: [redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }

  state() {
    this.#state = randomBytes(16).toString('base64url');
    return this.#state;
  }

  get expectedState() {
    return this.#state;
  }

  clientInformation() {
    return this.#clientInformation;
  }

  saveClientInformation(information) {
    this.#clientInformation = information;
  }

  tokens() {
    return this.#tokens;
  }

  saveTokens(tokens) {
    this.#tokens = tokens;
  }

  redirectToAuthorization(url) {
    this.authorizationUrl = url;
  }

  saveCodeVerifier(verifier) {
    this.#codeVerifier = verifier;
  }

  codeVerifier() {
    return this.#codeVerifier;
  }
}

async function connect(provider, label) {
  const client = new Client({ name: 'cleanproxy-e2e-typescript-sdk', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(mcpUrl, { authProvider: provider });
  await client.connect(transport);
  console.log(`${label}: initialized, protocol version ${transport.protocolVersion}, server ${client.getServerVersion()?.name}`);
  return { client, transport };
}

async function whoami(client) {
  const result = await client.callTool({ name: 'whoami', arguments: {} });
  check(!result.isError, `whoami succeeded: ${JSON.stringify(result.content)}`);
  return JSON.parse(result.content[0].text);
}

async function main() {
  const provider = new InMemoryOAuthClientProvider();

  // 1. No token yet: the gateway's 401 starts discovery, registration and the authorization request.
  const firstClient = new Client({ name: 'cleanproxy-e2e-typescript-sdk', version: '1.0.0' });
  const firstTransport = new StreamableHTTPClientTransport(mcpUrl, { authProvider: provider });
  try {
    await firstClient.connect(firstTransport);
    throw new Error('connect succeeded without a token');
  } catch (error) {
    if (!(error instanceof UnauthorizedError)) {
      throw error;
    }
  }

  check(provider.authorizationUrl, 'the SDK asked to open an authorization URL');
  const client = provider.clientInformation();
  check(client?.client_id, 'the SDK registered a client (RFC 7591)');
  console.log(`registered client ${client.client_id} (token_endpoint_auth_method ${client.token_endpoint_auth_method ?? 'unspecified'})`);
  const authorization = provider.authorizationUrl.searchParams;
  check(authorization.get('code_challenge_method') === 'S256', 'PKCE S256');
  check(authorization.get('resource'), 'the SDK sent a resource indicator (RFC 8707)');
  console.log(`authorization request to ${provider.authorizationUrl.origin}${provider.authorizationUrl.pathname} with resource ${authorization.get('resource')}`);

  // 2. The user signs in at the IdP; the proxy redirects back with code, state and iss (RFC 9207).
  const callback = new URL(await signInAtDevIdentityProvider(provider.authorizationUrl, redirectUrl, username, password));
  console.log(`redirected back to ${redact(callback.href)}`);
  check(callback.searchParams.get('state') === provider.expectedState, 'state came back unchanged');
  const issuer = callback.searchParams.get('iss');
  check(issuer && provider.authorizationUrl.href.startsWith(issuer + '/'), `iss (${issuer}) is the authorization server's issuer`);
  const code = callback.searchParams.get('code');
  check(code, 'an authorization code');

  // 3. Token request through the SDK (authorization_code + code_verifier + resource).
  await firstTransport.finishAuth(code);
  const issued = provider.tokens();
  check(issued?.access_token && issued.refresh_token, 'access and refresh tokens issued');
  check(Number.isInteger(issued.expires_in), 'expires_in is an integer');
  console.log(`tokens issued: token_type ${issued.token_type}, expires_in ${issued.expires_in}, scope ${issued.scope ?? '(none)'}`);

  // 4. MCP through the gateway: initialize, tools/list, whoami.
  const first = await connect(provider, 'first session');
  const tools = (await first.client.listTools()).tools.map((t) => t.name);
  check(tools.includes('whoami'), `tools/list has whoami: ${tools.join(', ')}`);
  const before = await whoami(first.client);
  console.log(`whoami: ${before.sub}`);
  await first.client.close();

  // 5. Refresh: auth() with stored tokens refreshes; the proxy rotates the refresh token.
  const result = await auth(provider, { serverUrl: mcpUrl });
  check(result === 'AUTHORIZED', `refresh authorized (${result})`);
  const refreshed = provider.tokens();
  check(refreshed.access_token !== issued.access_token, 'a new access token');
  check(refreshed.refresh_token && refreshed.refresh_token !== issued.refresh_token, 'the refresh token was rotated');
  console.log('refreshed: new access token, rotated refresh token');

  // 6. The refreshed access token works at the gateway and belongs to the same user.
  const second = await connect(provider, 'after refresh');
  const after = await whoami(second.client);
  check(after.sub === before.sub, 'same user after refresh');
  const protocolVersion = second.transport.protocolVersion;
  await second.client.close();

  console.log(`RESULT ${JSON.stringify({ sub: after.sub, tools, protocolVersion, refreshed: true })}`);
}

run(main);
