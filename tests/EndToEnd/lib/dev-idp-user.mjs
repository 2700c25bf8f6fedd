// Plays a person in a browser at the development identity provider: follows the authorization request one redirect
// at a time, fills in the login form (<form method="post" action="{issuer}/login"> with a hidden request_id) and
// follows the IdP's answer back through the proxy until the redirect that leaves for the client's redirect URI.
// Plain fetch, no cookies: the dev IdP keeps its pending login in request_id.

const MaxHops = 10;

/** Returns the URL the proxy finally redirects the browser to (the client's redirect URI with code, state and iss). */
export async function signInAtDevIdentityProvider(authorizationUrl, clientRedirectUri, username, password) {
  const loginPage = await followUntil(String(authorizationUrl), clientRedirectUri);
  if (loginPage.redirectedTo) {
    throw new Error(`Expected the IdP login form, but the proxy redirected straight to the client: ${redact(loginPage.redirectedTo)}`);
  }

  const action = decodeHtml(match(loginPage.body, /<form[^>]*method="post"[^>]*action="([^"]+)"/i, 'login form action'));
  const requestId = decodeHtml(match(loginPage.body, /name="request_id" value="([^"]*)"/i, 'request_id'));
  const login = await fetch(new URL(action, loginPage.url), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request_id: requestId, username, password, action: 'login' }),
  });
  if (login.status !== 302 && login.status !== 303) {
    throw new Error(`The IdP did not accept the login (HTTP ${login.status}): ${(await login.text()).slice(0, 300)}`);
  }

  const back = await followUntil(new URL(login.headers.get('location'), action).href, clientRedirectUri);
  if (!back.redirectedTo) {
    throw new Error(`Expected a redirect to the client after the login, got HTTP ${back.status}: ${back.body.slice(0, 300)}`);
  }

  return back.redirectedTo;
}

async function followUntil(url, stopAtPrefix) {
  for (let hop = 0; hop < MaxHops; hop++) {
    const response = await fetch(url, { redirect: 'manual' });
    if (response.status >= 300 && response.status < 400) {
      const location = new URL(response.headers.get('location'), url).href;
      if (location.startsWith(stopAtPrefix)) {
        return { redirectedTo: location, status: response.status };
      }

      url = location;
      continue;
    }

    const body = await response.text();
    if (response.status !== 200) {
      throw new Error(`HTTP ${response.status} at ${new URL(url).origin}${new URL(url).pathname}: ${body.slice(0, 300)}`);
    }

    return { url, body, status: response.status };
  }

  throw new Error('Too many redirects');
}

function match(text, pattern, what) {
  const found = pattern.exec(text);
  if (!found) {
    throw new Error(`No ${what} on the page: ${text.slice(0, 300)}`);
  }

  return found[1];
}

function decodeHtml(value) {
  return value
    .replace(/&#x([0-9a-f]+);/gi, (_, hex) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec) => String.fromCodePoint(parseInt(dec, 10)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The query of a redirect carries the code: print only where it goes. */
export function redact(url) {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}?${[...parsed.searchParams.keys()].join('&')}`;
}
