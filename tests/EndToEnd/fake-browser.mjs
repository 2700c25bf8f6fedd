// A stand-in for the user's browser, for CLIs that "open a browser" (mcp-remote uses the `open` package, whose
// xdg-open honours $BROWSER on a machine without a desktop). Set BROWSER="<node> <this file>": it receives the
// authorization URL, signs in at the development IdP as DEV_IDP_USERNAME, and then loads the final redirect on the
// CLI's loopback callback listener, exactly as a browser would. With FAKE_BROWSER_REFUSE=1 it refuses (exit 1),
// for runs that must not need a sign-in. Its stdio is detached by the opener: it reports to FAKE_BROWSER_LOG.
import { appendFileSync } from 'node:fs';
import { signInAtDevIdentityProvider, redact } from './lib/dev-idp-user.mjs';

const logFile = process.env.FAKE_BROWSER_LOG;
const report = (line) => logFile && appendFileSync(logFile, `${new Date().toISOString()} ${line}\n`);

async function main() {
  const authorizationUrl = new URL(process.argv[2]);
  report(`opened ${redact(authorizationUrl.href)}`);
  if (process.env.FAKE_BROWSER_REFUSE === '1') {
    report('refused: this run must not need a sign-in');
    process.exit(1);
  }

  const redirectUri = authorizationUrl.searchParams.get('redirect_uri');
  const callback = await signInAtDevIdentityProvider(authorizationUrl, redirectUri, process.env.DEV_IDP_USERNAME, process.env.DEV_IDP_PASSWORD);
  report(`signed in, loading ${redact(callback)}`);
  const page = await fetch(callback);
  report(`callback answered HTTP ${page.status}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    report(`FAILED: ${error?.stack ?? error}`);
    process.exit(1);
  },
);
