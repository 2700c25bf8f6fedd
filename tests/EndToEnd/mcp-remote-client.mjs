// mcp-remote (the stdio ↔ remote bridge Claude Desktop, Cursor and others launch) against a running CleanProxy, driven
// the way those hosts drive it: this script is the stdio MCP host (the TypeScript SDK's stdio client transport spawns
// `mcp-remote <url> <callback port>`), and mcp-remote does discovery, DCR, authorization code + PKCE with its loopback
// callback listener, and the token request. Its "browser" is fake-browser.mjs, which signs in at the development IdP.
//
// Run 1: sign-in, initialize, tools/list, whoami. Run 2 (same config dir, the stored access token replaced by a
// dead one, a browser that refuses to open): mcp-remote must refresh with the stored refresh token, with no sign-in.
//
//   CLEANPROXY_MCP_URL=http://127.0.0.1:5000/mcp DEV_IDP_USERNAME=alice DEV_IDP_PASSWORD=alice-password \
//     node mcp-remote-client.mjs
//
// Exits 0 and prints `RESULT {...}` last on success; prints `FAILED: ...` (with mcp-remote's log) and exits 1 otherwise.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { check, run, setting } from './lib/env.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const mcpUrl = setting('CLEANPROXY_MCP_URL');
const username = setting('DEV_IDP_USERNAME', 'alice');
const password = setting('DEV_IDP_PASSWORD', 'alice-password');
const mcpRemote = join(here, 'node_modules', 'mcp-remote', 'dist', 'proxy.js');
const fakeBrowser = join(here, 'fake-browser.mjs');

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The environment a host would give mcp-remote, minus anything that would make `open` reach a real desktop. */
function mcpRemoteEnvironment(configDir, browserLog, refuseBrowser) {
  const env = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(DISPLAY|WAYLAND_DISPLAY|XDG_CURRENT_DESKTOP|XDG_SESSION_DESKTOP|DESKTOP_SESSION|KDE_.*|GNOME_.*|MATE_.*|DBUS_SESSION_BUS_ADDRESS|WSL_.*|BROWSER)$/.test(name)) {
      env[name] = value;
    }
  }

  return {
    ...env,
    MCP_REMOTE_CONFIG_DIR: configDir,
    BROWSER: `${process.execPath} ${fakeBrowser}`,
    FAKE_BROWSER_LOG: browserLog,
    FAKE_BROWSER_REFUSE: refuseBrowser ? '1' : '0',
    DEV_IDP_USERNAME: username,
    DEV_IDP_PASSWORD: password,
  };
}

async function session(label, configDir, callbackPort, browserLog, refuseBrowser) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [mcpRemote, mcpUrl, String(callbackPort), '--transport', 'http-only', '--auth-timeout', '30'],
    env: mcpRemoteEnvironment(configDir, browserLog, refuseBrowser),
    stderr: 'pipe',
  });
  const log = [];
  transport.stderr?.on('data', (chunk) => log.push(chunk.toString()));
  const client = new Client({ name: 'cleanproxy-e2e-mcp-remote-host', version: '1.0.0' });
  try {
    await client.connect(transport);
    const tools = (await client.listTools()).tools.map((t) => t.name);
    check(tools.includes('whoami'), `tools/list has whoami: ${tools.join(', ')}`);
    const result = await client.callTool({ name: 'whoami', arguments: {} });
    check(!result.isError, `whoami succeeded: ${JSON.stringify(result.content)}`);
    const user = JSON.parse(result.content[0].text);
    console.log(`${label}: tools ${tools.join(', ')}; whoami ${user.sub}`);
    return { tools, sub: user.sub };
  } catch (error) {
    const browser = existsSync(browserLog) ? readFileSync(browserLog, 'utf8') : '(the browser was never opened)\n';
    error.message += `\n--- mcp-remote (${label}) ---\n${log.join('')}\n--- fake browser ---\n${browser}`;
    throw error;
  } finally {
    await client.close();
  }
}

function findTokensFile(configDir) {
  const found = readdirSync(configDir, { recursive: true }).map(String).filter((f) => f.endsWith('_tokens.json'));
  check(found.length === 1, `one stored tokens file in ${configDir}: ${found.join(', ')}`);
  return join(configDir, found[0]);
}

async function main() {
  const configDir = mkdtempSync(join(tmpdir(), 'cleanproxy-mcp-remote-'));
  const browserLog = join(configDir, 'fake-browser.log');
  try {
    const callbackPort = await freePort();

    // Run 1: a fresh install signs in through the (fake) browser.
    const first = await session('sign-in', configDir, callbackPort, browserLog, false);
    check(readFileSync(browserLog, 'utf8').includes('callback answered HTTP 200'), 'the browser completed the sign-in at the callback');

    // Run 2: the stored access token is dead; mcp-remote must refresh without opening the browser.
    const tokensFile = findTokensFile(configDir);
    const stored = JSON.parse(readFileSync(tokensFile, 'utf8'));
    check(stored.refresh_token, 'mcp-remote stored a refresh token');
    writeFileSync(tokensFile, JSON.stringify({ ...stored, access_token: 'dead.access.token' }));
    const browserLinesBefore = readFileSync(browserLog, 'utf8').split('\n').length;
    const second = await session('refresh', configDir, callbackPort, browserLog, true);
    check(readFileSync(browserLog, 'utf8').split('\n').length === browserLinesBefore, 'no browser was opened for the refresh');
    const rotated = JSON.parse(readFileSync(tokensFile, 'utf8'));
    check(rotated.refresh_token && rotated.refresh_token !== stored.refresh_token, 'the refresh token was rotated');
    check(second.sub === first.sub, 'same user after refresh');

    console.log(`RESULT ${JSON.stringify({ sub: second.sub, tools: second.tools, refreshed: true })}`);
  } finally {
    rmSync(configDir, { recursive: true, force: true });
  }
}

run(main);
