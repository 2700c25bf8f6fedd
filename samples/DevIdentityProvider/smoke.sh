#!/usr/bin/env bash
# Walks the whole Dev Identity Provider flow with curl and exits non-zero on any failed expectation.
#
#   samples/DevIdentityProvider/smoke.sh              # starts the IdP with `dotnet run` on 127.0.0.1:5100
#   PORT=5199 samples/DevIdentityProvider/smoke.sh    # another port (sets Urls and Issuer to match)
#   BASE_URL=http://127.0.0.1:5100 samples/DevIdentityProvider/smoke.sh   # an IdP already running with defaults
#
# Needs bash, curl and python3 (standard library only).
set -uo pipefail

PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PORT="${PORT:-5100}"
ISSUER="${BASE_URL:-http://127.0.0.1:${PORT}}"
CLIENT_ID="cleanproxy"
CLIENT_SECRET="cleanproxy-dev-secret"
REDIRECT_URI="http://127.0.0.1:5000/oauth/callback"
# A second client, added on the command line, with a redirect URI that already has a query and a secret that
# needs form-url-encoding inside the Basic header. Only present when this script starts the IdP.
SECOND_ID="second-client"
SECOND_SECRET="p@ss:word+1 x"
SECOND_REDIRECT="http://127.0.0.1:5000/cb?tenant=a"

TMP="$(mktemp -d)"
SERVER_PID=""
FAILURES=0
CHECKS=0

cleanup() {
    if [[ -n "$SERVER_PID" ]]; then
        # The server runs in its own process group (setsid): end `dotnet run` and the app it started.
        kill -TERM -- "-$SERVER_PID" 2>/dev/null
        for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL -- "-$SERVER_PID" 2>/dev/null
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT

pass() { CHECKS=$((CHECKS + 1)); printf '  ok    %s\n' "$1"; }
fail() { CHECKS=$((CHECKS + 1)); FAILURES=$((FAILURES + 1)); printf '  FAIL  %s\n' "$1"; }
expect_eq() { # description actual expected
    if [[ "$2" == "$3" ]]; then pass "$1"; else fail "$1 (expected '$3', got '$2')"; fi
}
expect_contains() { # description haystack needle
    if [[ "$2" == *"$3"* ]]; then pass "$1"; else fail "$1 (expected to contain '$3', got '$2')"; fi
}
expect_not_empty() { # description value
    if [[ -n "$2" ]]; then pass "$1"; else fail "$1 (empty)"; fi
}
section() { printf '\n== %s\n' "$1"; }

# request METHOD URL [curl args...]: sets STATUS; body in $TMP/body, headers in $TMP/headers.
request() {
    local method="$1" url="$2"
    shift 2
    STATUS="$(curl -sS -o "$TMP/body" -D "$TMP/headers" -w '%{http_code}' -X "$method" "$url" "$@")" || STATUS="curl-failed"
}
header() { grep -i "^$1:" "$TMP/headers" | head -n 1 | cut -d' ' -f2- | tr -d '\r'; }
body() { cat "$TMP/body"; }
# json PATH: a value from the last JSON body; PATH is dotted, numbers index arrays; lists/objects come out as JSON.
json() {
    python3 - "$TMP/body" "$1" <<'PY'
import json, sys
try:
    value = json.load(open(sys.argv[1]))
    for part in sys.argv[2].split(".") if sys.argv[2] else []:
        value = value[int(part)] if isinstance(value, list) else value.get(part)
        if value is None:
            break
except Exception:
    value = None
print("" if value is None else value if isinstance(value, str) else json.dumps(value))
PY
}
query_param() { # URL NAME
    python3 -c 'import sys, urllib.parse as u; print(u.parse_qs(u.urlsplit(sys.argv[1]).query).get(sys.argv[2], [""])[0])' "$1" "$2"
}
url_without_query() {
    python3 -c 'import sys, urllib.parse as u; s = u.urlsplit(sys.argv[1]); print(u.urlunsplit((s.scheme, s.netloc, s.path, "", "")))' "$1"
}
pkce_pair() { # prints "verifier challenge"
    python3 -c 'import base64, hashlib, secrets; v = secrets.token_urlsafe(32); c = base64.urlsafe_b64encode(hashlib.sha256(v.encode()).digest()).rstrip(b"=").decode(); print(v, c)'
}
basic_header() { # CLIENT_ID SECRET: RFC 6749 2.3.1, each part form-url-encoded before base64
    python3 -c 'import base64, sys, urllib.parse as u; print("Basic " + base64.b64encode((u.quote_plus(sys.argv[1]) + ":" + u.quote_plus(sys.argv[2])).encode()).decode())' "$1" "$2"
}
request_id_from_form() {
    python3 -c 'import re, sys; m = re.search(r"<input type=\"hidden\" name=\"request_id\" value=\"([^\"]+)\">", open(sys.argv[1]).read()); print(m.group(1) if m else "")' "$TMP/body"
}
# verify_id_token TOKEN JWKS_FILE: checks the RS256 signature against the JWKS, prints the payload as JSON.
verify_id_token() {
    python3 - "$1" "$2" <<'PY'
import base64, hashlib, json, sys
def b64(s): return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))
head, payload, signature = sys.argv[1].split(".")
header = json.loads(b64(head))
assert header["alg"] == "RS256", header
key = next(k for k in json.load(open(sys.argv[2]))["keys"] if k["kid"] == header["kid"])
n, e = (int.from_bytes(b64(key[x]), "big") for x in ("n", "e"))
em = pow(int.from_bytes(b64(signature), "big"), e, n).to_bytes((n.bit_length() + 7) // 8, "big")
digest_info = bytes.fromhex("3031300d060960864801650304020105000420") + hashlib.sha256(f"{head}.{payload}".encode()).digest()
assert em == b"\x00\x01" + b"\xff" * (len(em) - len(digest_info) - 3) + b"\x00" + digest_info, "bad signature"
print(json.dumps(json.loads(b64(payload))))
PY
}

# authorize_and_login USER PASSWORD [extra authorize args...]: sets LOCATION (302 from /login).
authorize_and_login() {
    local user="$1" password="$2"
    shift 2
    request GET "$ISSUER/authorize" -G --data-urlencode "client_id=$CLIENT_ID" --data-urlencode "redirect_uri=$REDIRECT_URI" \
        --data-urlencode "response_type=code" --data-urlencode "scope=openid profile email offline_access" "$@"
    local request_id
    request_id="$(request_id_from_form)"
    request POST "$ISSUER/login" --data-urlencode "request_id=$request_id" --data-urlencode "username=$user" \
        --data-urlencode "password=$password" --data-urlencode "action=login"
    LOCATION="$(header location)"
}

# ---------------------------------------------------------------------------------------------------------------
if [[ -z "${BASE_URL:-}" ]]; then
    section "Starting the IdP on $ISSUER"
    setsid dotnet run --project "$PROJECT_DIR" --disable-build-servers -- \
        --urls "$ISSUER" \
        "--DevIdentityProvider:Issuer=$ISSUER" \
        "--DevIdentityProvider:Clients:1:ClientId=$SECOND_ID" \
        "--DevIdentityProvider:Clients:1:ClientSecret=$SECOND_SECRET" \
        "--DevIdentityProvider:Clients:1:RedirectUris:0=$SECOND_REDIRECT" \
        >"$TMP/server.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 120); do
        curl -sf "$ISSUER/.well-known/openid-configuration" >/dev/null 2>&1 && break
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.5
    done
    if ! curl -sf "$ISSUER/.well-known/openid-configuration" >/dev/null 2>&1; then
        echo "The IdP did not start; its output:"
        cat "$TMP/server.log"
        exit 1
    fi
fi

section "Discovery and JWKS"
request GET "$ISSUER/.well-known/openid-configuration"
expect_eq "discovery answers 200" "$STATUS" "200"
expect_eq "issuer" "$(json issuer)" "$ISSUER"
expect_eq "authorization_endpoint" "$(json authorization_endpoint)" "$ISSUER/authorize"
expect_eq "token_endpoint" "$(json token_endpoint)" "$ISSUER/token"
expect_eq "userinfo_endpoint" "$(json userinfo_endpoint)" "$ISSUER/userinfo"
expect_eq "jwks_uri" "$(json jwks_uri)" "$ISSUER/jwks"
expect_eq "revocation_endpoint" "$(json revocation_endpoint)" "$ISSUER/revoke"
expect_eq "no registration_endpoint" "$(json registration_endpoint)" ""
expect_eq "code_challenge_methods_supported" "$(json code_challenge_methods_supported)" '["S256"]'
expect_eq "grant_types_supported" "$(json grant_types_supported)" '["authorization_code", "refresh_token"]'
expect_eq "token_endpoint_auth_methods_supported" "$(json token_endpoint_auth_methods_supported)" '["client_secret_basic", "client_secret_post"]'

request GET "$ISSUER/jwks"
cp "$TMP/body" "$TMP/jwks.json"
expect_eq "jwks answers 200" "$STATUS" "200"
expect_eq "jwks key type" "$(json keys.0.kty)" "RSA"
expect_eq "jwks key use" "$(json keys.0.use)" "sig"
expect_eq "jwks key alg" "$(json keys.0.alg)" "RS256"
expect_not_empty "jwks kid" "$(json keys.0.kid)"
expect_eq "jwks exponent" "$(json keys.0.e)" "AQAB"

section "Authorize: refusals"
request GET "$ISSUER/authorize?client_id=nobody&redirect_uri=$REDIRECT_URI&response_type=code&scope=openid"
expect_eq "unknown client: 400 page" "$STATUS" "400"
expect_eq "unknown client: no redirect" "$(header location)" ""
request GET "$ISSUER/authorize" -G --data-urlencode "client_id=$CLIENT_ID" --data-urlencode "redirect_uri=http://evil.test/cb" \
    --data-urlencode "response_type=code" --data-urlencode "scope=openid"
expect_eq "unregistered redirect_uri: 400 page" "$STATUS" "400"
expect_eq "unregistered redirect_uri: no redirect" "$(header location)" ""
request GET "$ISSUER/authorize" -G --data-urlencode "client_id=$CLIENT_ID" --data-urlencode "redirect_uri=$REDIRECT_URI/" \
    --data-urlencode "response_type=code" --data-urlencode "scope=openid"
expect_eq "redirect_uri must match exactly (trailing slash)" "$STATUS" "400"
request GET "$ISSUER/authorize" -G --data-urlencode "client_id=$CLIENT_ID" --data-urlencode "redirect_uri=$REDIRECT_URI" \
    --data-urlencode "response_type=token" --data-urlencode "scope=openid" --data-urlencode "state=s1"
expect_eq "response_type=token: 302" "$STATUS" "302"
expect_eq "response_type=token: unsupported_response_type" "$(query_param "$(header location)" error)" "unsupported_response_type"
expect_eq "response_type=token: state kept" "$(query_param "$(header location)" state)" "s1"
expect_eq "response_type=token: iss" "$(query_param "$(header location)" iss)" "$ISSUER"
request GET "$ISSUER/authorize" -G --data-urlencode "client_id=$CLIENT_ID" --data-urlencode "redirect_uri=$REDIRECT_URI" \
    --data-urlencode "response_type=code" --data-urlencode "scope=profile"
expect_eq "scope without openid: invalid_scope" "$(query_param "$(header location)" error)" "invalid_scope"
request GET "$ISSUER/authorize" -G --data-urlencode "client_id=$CLIENT_ID" --data-urlencode "redirect_uri=$REDIRECT_URI" \
    --data-urlencode "response_type=code" --data-urlencode "scope=openid" \
    --data-urlencode "code_challenge=abcdefghijklmnopqrstuvwxyzabcdefghijklmnopq" --data-urlencode "code_challenge_method=plain"
expect_eq "plain PKCE: invalid_request" "$(query_param "$(header location)" error)" "invalid_request"
request GET "$ISSUER/authorize?client_id=$CLIENT_ID&redirect_uri=x&redirect_uri=y&response_type=code&scope=openid"
expect_eq "repeated redirect_uri: 400 page" "$STATUS" "400"

section "Authorize page and login (alice, PKCE)"
read -r VERIFIER CHALLENGE <<<"$(pkce_pair)"
STATE="state-<&>\"1"
NONCE="nonce-123"
request GET "$ISSUER/authorize" -G --data-urlencode "client_id=$CLIENT_ID" --data-urlencode "redirect_uri=$REDIRECT_URI" \
    --data-urlencode "response_type=code" --data-urlencode "scope=openid profile email offline_access" \
    --data-urlencode "state=$STATE" --data-urlencode "nonce=$NONCE" \
    --data-urlencode "code_challenge=$CHALLENGE" --data-urlencode "code_challenge_method=S256"
expect_eq "authorize page: 200" "$STATUS" "200"
expect_contains "authorize page: HTML" "$(header content-type)" "text/html"
expect_contains "form posts to the issuer's /login" "$(body)" "<form method=\"post\" action=\"$ISSUER/login\">"
expect_contains "username input" "$(body)" '<input name="username">'
expect_contains "password input" "$(body)" '<input type="password" name="password">'
expect_contains "login button" "$(body)" '<button type="submit" name="action" value="login">'
expect_contains "deny button" "$(body)" '<button type="submit" name="action" value="deny">'
REQUEST_ID="$(request_id_from_form)"
expect_not_empty "request_id hidden input" "$REQUEST_ID"

request POST "$ISSUER/login" --data-urlencode "request_id=$REQUEST_ID" --data-urlencode "username=alice" \
    --data-urlencode "password=wrong" --data-urlencode "action=login"
expect_eq "wrong password: 200" "$STATUS" "200"
expect_contains "wrong password: error shown" "$(body)" "wrong password"
expect_eq "wrong password: same request stays usable" "$(request_id_from_form)" "$REQUEST_ID"
request POST "$ISSUER/login" --data-urlencode "request_id=$REQUEST_ID" --data-urlencode "username=<script>x</script>" \
    --data-urlencode "password=wrong" --data-urlencode "action=login"
expect_contains "echoed username is HTML-encoded" "$(body)" 'value="&lt;script&gt;x&lt;/script&gt;"'

request POST "$ISSUER/login" --data-urlencode "request_id=$REQUEST_ID" --data-urlencode "username=alice" \
    --data-urlencode "password=alice-password" --data-urlencode "action=login"
LOCATION="$(header location)"
expect_eq "login: 302" "$STATUS" "302"
expect_eq "login: redirect to the registered URI" "$(url_without_query "$LOCATION")" "$REDIRECT_URI"
expect_eq "login: state round-trips" "$(query_param "$LOCATION" state)" "$STATE"
expect_eq "login: iss" "$(query_param "$LOCATION" iss)" "$ISSUER"
CODE="$(query_param "$LOCATION" code)"
expect_eq "login: 256-bit base64url code" "${#CODE}" "43"

request POST "$ISSUER/login" --data-urlencode "request_id=$REQUEST_ID" --data-urlencode "username=alice" \
    --data-urlencode "password=alice-password" --data-urlencode "action=login"
expect_eq "login request is single use: 400 page" "$STATUS" "400"

section "Token: code exchange"
request POST "$ISSUER/token" -u "$CLIENT_ID:$CLIENT_SECRET" --data-urlencode "grant_type=authorization_code" \
    --data-urlencode "code=$CODE" --data-urlencode "redirect_uri=$REDIRECT_URI" --data-urlencode "code_verifier=$(pkce_pair | cut -d' ' -f1)"
expect_eq "wrong verifier: 400" "$STATUS" "400"
expect_eq "wrong verifier: invalid_grant" "$(json error)" "invalid_grant"
request POST "$ISSUER/token" -u "$CLIENT_ID:wrong-secret" --data-urlencode "grant_type=authorization_code" \
    --data-urlencode "code=$CODE" --data-urlencode "redirect_uri=$REDIRECT_URI" --data-urlencode "code_verifier=$VERIFIER"
expect_eq "wrong secret: 401" "$STATUS" "401"
expect_eq "wrong secret: invalid_client" "$(json error)" "invalid_client"
expect_contains "wrong secret: Basic challenge" "$(header www-authenticate)" "Basic"
request POST "$ISSUER/token" -H "Authorization: Basic !!!not-base64" --data-urlencode "grant_type=authorization_code" \
    --data-urlencode "code=$CODE" --data-urlencode "redirect_uri=$REDIRECT_URI"
expect_eq "garbage Basic header: 401 invalid_client" "$STATUS $(json error)" "401 invalid_client"
request POST "$ISSUER/token" -H "Authorization: $(basic_header "$SECOND_ID" "$SECOND_SECRET")" --data-urlencode "grant_type=authorization_code" \
    --data-urlencode "code=$CODE" --data-urlencode "redirect_uri=$REDIRECT_URI" --data-urlencode "code_verifier=$VERIFIER"
expect_eq "code presented by another client: invalid_grant" "$(json error)" "invalid_grant"
request POST "$ISSUER/token" -u "$CLIENT_ID:$CLIENT_SECRET" --data-urlencode "grant_type=authorization_code" \
    --data-urlencode "code=$CODE" --data-urlencode "redirect_uri=$REDIRECT_URI" --data-urlencode "code_verifier=$VERIFIER"
expect_eq "code exchange: 200" "$STATUS" "200"
expect_eq "code exchange: Cache-Control no-store" "$(header cache-control)" "no-store"
expect_eq "code exchange: token_type" "$(json token_type)" "Bearer"
expect_eq "code exchange: expires_in" "$(json expires_in)" "3600"
expect_eq "code exchange: scope" "$(json scope)" "openid profile email offline_access"
ACCESS_TOKEN="$(json access_token)"
REFRESH_TOKEN="$(json refresh_token)"
ID_TOKEN="$(json id_token)"
expect_not_empty "code exchange: access_token" "$ACCESS_TOKEN"
expect_not_empty "code exchange: refresh_token" "$REFRESH_TOKEN"

CLAIMS="$(verify_id_token "$ID_TOKEN" "$TMP/jwks.json" 2>&1)" || CLAIMS=""
expect_not_empty "id_token: RS256 signature verifies against the JWKS" "$CLAIMS"
echo "$CLAIMS" >"$TMP/body"
expect_eq "id_token: iss" "$(json iss)" "$ISSUER"
expect_eq "id_token: sub" "$(json sub)" "alice-0001"
expect_eq "id_token: aud" "$(json aud)" "$CLIENT_ID"
expect_eq "id_token: nonce" "$(json nonce)" "$NONCE"
expect_eq "id_token: name" "$(json name)" "Alice Anderson"
expect_eq "id_token: email" "$(json email)" "alice@example.test"
expect_not_empty "id_token: auth_time" "$(json auth_time)"
expect_not_empty "id_token: exp" "$(json exp)"

request POST "$ISSUER/token" -u "$CLIENT_ID:$CLIENT_SECRET" --data-urlencode "grant_type=authorization_code" \
    --data-urlencode "code=$CODE" --data-urlencode "redirect_uri=$REDIRECT_URI" --data-urlencode "code_verifier=$VERIFIER"
expect_eq "replayed code: invalid_grant" "$STATUS $(json error)" "400 invalid_grant"
request GET "$ISSUER/userinfo" -H "Authorization: Bearer $ACCESS_TOKEN"
expect_eq "replayed code revokes the tokens issued from it" "$STATUS" "401"

section "Fresh login, userinfo, refresh rotation and replay"
read -r VERIFIER CHALLENGE <<<"$(pkce_pair)"
authorize_and_login alice alice-password --data-urlencode "code_challenge=$CHALLENGE" --data-urlencode "code_challenge_method=S256"
CODE="$(query_param "$LOCATION" code)"
request POST "$ISSUER/token" -H "Authorization: $(basic_header "$CLIENT_ID" "$CLIENT_SECRET")" --data-urlencode "grant_type=authorization_code" \
    --data-urlencode "code=$CODE" --data-urlencode "redirect_uri=$REDIRECT_URI" --data-urlencode "code_verifier=$VERIFIER"
expect_eq "code exchange: 200" "$STATUS" "200"
ACCESS_TOKEN="$(json access_token)"
REFRESH_TOKEN="$(json refresh_token)"

request GET "$ISSUER/userinfo" -H "Authorization: bearer $ACCESS_TOKEN"
expect_eq "userinfo (lower-case scheme): 200" "$STATUS" "200"
expect_eq "userinfo: sub" "$(json sub)" "alice-0001"
expect_eq "userinfo: preferred_username" "$(json preferred_username)" "alice"
expect_eq "userinfo: department" "$(json department)" "Engineering"
expect_eq "userinfo: employee_number" "$(json employee_number)" "E-1001"
expect_eq "userinfo: groups as objects" "$(json groups)" '[{"name": "engineering"}, {"name": "mcp-users"}]'
request POST "$ISSUER/userinfo" -H "Authorization: Bearer $ACCESS_TOKEN"
expect_eq "userinfo via POST: 200" "$STATUS" "200"
request GET "$ISSUER/userinfo" -H "Authorization: Bearer not-a-token"
expect_eq "userinfo with unknown token: 401" "$STATUS" "401"
expect_eq "userinfo with unknown token: invalid_token challenge" "$(header www-authenticate)" 'Bearer error="invalid_token"'
request GET "$ISSUER/userinfo"
expect_eq "userinfo without token: 401" "$STATUS" "401"

request POST "$ISSUER/token" --data-urlencode "grant_type=refresh_token" --data-urlencode "refresh_token=$REFRESH_TOKEN" \
    --data-urlencode "client_id=$CLIENT_ID" --data-urlencode "client_secret=$CLIENT_SECRET"
expect_eq "refresh (client_secret_post): 200" "$STATUS" "200"
NEW_ACCESS_TOKEN="$(json access_token)"
NEW_REFRESH_TOKEN="$(json refresh_token)"
expect_not_empty "refresh: id_token" "$(json id_token)"
if [[ -n "$NEW_REFRESH_TOKEN" && "$NEW_REFRESH_TOKEN" != "$REFRESH_TOKEN" ]]; then pass "refresh: rotated refresh token"; else fail "refresh: rotated refresh token"; fi
request GET "$ISSUER/userinfo" -H "Authorization: Bearer $NEW_ACCESS_TOKEN"
expect_eq "refreshed access token works" "$STATUS" "200"

request POST "$ISSUER/token" -u "$CLIENT_ID:$CLIENT_SECRET" --data-urlencode "grant_type=refresh_token" \
    --data-urlencode "refresh_token=$NEW_REFRESH_TOKEN" --data-urlencode "scope=openid profile email offline_access admin"
expect_eq "refresh asking for a wider scope: invalid_scope" "$(json error)" "invalid_scope"
request POST "$ISSUER/token" -H "Authorization: $(basic_header "$SECOND_ID" "$SECOND_SECRET")" --data-urlencode "grant_type=refresh_token" --data-urlencode "refresh_token=$NEW_REFRESH_TOKEN"
expect_eq "refresh token of another client: invalid_grant" "$(json error)" "invalid_grant"

request POST "$ISSUER/token" -u "$CLIENT_ID:$CLIENT_SECRET" --data-urlencode "grant_type=refresh_token" --data-urlencode "refresh_token=$REFRESH_TOKEN"
expect_eq "replayed refresh token: invalid_grant" "$STATUS $(json error)" "400 invalid_grant"
request POST "$ISSUER/token" -u "$CLIENT_ID:$CLIENT_SECRET" --data-urlencode "grant_type=refresh_token" --data-urlencode "refresh_token=$NEW_REFRESH_TOKEN"
expect_eq "replay revoked the successor refresh token" "$(json error)" "invalid_grant"
request GET "$ISSUER/userinfo" -H "Authorization: Bearer $NEW_ACCESS_TOKEN"
expect_eq "replay revoked the successor access token" "$STATUS" "401"

section "Legacy login without PKCE (bob), revocation"
authorize_and_login bob bob-password --data-urlencode "state=legacy"
CODE="$(query_param "$LOCATION" code)"
request POST "$ISSUER/token" --data-urlencode "grant_type=authorization_code" --data-urlencode "code=$CODE" \
    --data-urlencode "redirect_uri=$REDIRECT_URI" --data-urlencode "client_id=$CLIENT_ID" --data-urlencode "client_secret=$CLIENT_SECRET"
expect_eq "code exchange without PKCE: 200" "$STATUS" "200"
ACCESS_TOKEN="$(json access_token)"
REFRESH_TOKEN="$(json refresh_token)"
request GET "$ISSUER/userinfo" -H "Authorization: Bearer $ACCESS_TOKEN"
expect_eq "bob's userinfo: groups" "$(json groups)" '[{"name": "sales"}]'
request POST "$ISSUER/revoke" -u "$CLIENT_ID:$CLIENT_SECRET" --data-urlencode "token=$ACCESS_TOKEN" --data-urlencode "token_type_hint=access_token"
expect_eq "revoke access token: 200" "$STATUS" "200"
request GET "$ISSUER/userinfo" -H "Authorization: Bearer $ACCESS_TOKEN"
expect_eq "revoked access token: 401" "$STATUS" "401"
request POST "$ISSUER/revoke" -u "$CLIENT_ID:$CLIENT_SECRET" --data-urlencode "token=$REFRESH_TOKEN"
expect_eq "revoke refresh token: 200" "$STATUS" "200"
request POST "$ISSUER/token" -u "$CLIENT_ID:$CLIENT_SECRET" --data-urlencode "grant_type=refresh_token" --data-urlencode "refresh_token=$REFRESH_TOKEN"
expect_eq "revoked refresh token: invalid_grant" "$(json error)" "invalid_grant"
request POST "$ISSUER/revoke" -u "$CLIENT_ID:$CLIENT_SECRET" --data-urlencode "token=never-issued"
expect_eq "revoke unknown token: 200" "$STATUS" "200"
request POST "$ISSUER/revoke" -u "$CLIENT_ID:wrong" --data-urlencode "token=never-issued"
expect_eq "revoke with a wrong secret: 401" "$STATUS" "401"

section "Deny"
request GET "$ISSUER/authorize" -G --data-urlencode "client_id=$CLIENT_ID" --data-urlencode "redirect_uri=$REDIRECT_URI" \
    --data-urlencode "response_type=code" --data-urlencode "scope=openid" --data-urlencode "state=deny-state"
request POST "$ISSUER/login" --data-urlencode "request_id=$(request_id_from_form)" --data-urlencode "action=deny"
LOCATION="$(header location)"
expect_eq "deny: 302" "$STATUS" "302"
expect_eq "deny: access_denied" "$(query_param "$LOCATION" error)" "access_denied"
expect_not_empty "deny: error_description" "$(query_param "$LOCATION" error_description)"
expect_eq "deny: state" "$(query_param "$LOCATION" state)" "deny-state"
expect_eq "deny: iss" "$(query_param "$LOCATION" iss)" "$ISSUER"
request POST "$ISSUER/login" --data-urlencode "request_id=unknown" --data-urlencode "action=login"
expect_eq "unknown request_id: 400 page" "$STATUS" "400"

if [[ -z "${BASE_URL:-}" ]]; then
    section "Second client: redirect URI with a query, Basic secret needing form-url-encoding"
    CLIENT_ID="$SECOND_ID" REDIRECT_URI="$SECOND_REDIRECT" authorize_and_login alice alice-password --data-urlencode "state=two"
    expect_eq "existing query of the redirect URI kept" "$(query_param "$LOCATION" tenant)" "a"
    CODE="$(query_param "$LOCATION" code)"
    expect_not_empty "code added next to it" "$CODE"
    request POST "$ISSUER/token" -H "Authorization: $(basic_header "$SECOND_ID" "$SECOND_SECRET")" --data-urlencode "grant_type=authorization_code" \
        --data-urlencode "code=$CODE" --data-urlencode "redirect_uri=$SECOND_REDIRECT"
    expect_eq "form-url-encoded Basic credentials accepted" "$STATUS" "200"
fi

section "Races: parallel redemptions of one code, parallel refreshes of one token"
authorize_and_login alice alice-password
CODE="$(query_param "$LOCATION" code)"
PIDS=()
for i in 1 2 3 4 5; do
    curl -sS -o /dev/null -w '%{http_code}\n' "$ISSUER/token" -u "$CLIENT_ID:$CLIENT_SECRET" --data-urlencode "grant_type=authorization_code" \
        --data-urlencode "code=$CODE" --data-urlencode "redirect_uri=$REDIRECT_URI" >"$TMP/race-code-$i" &
    PIDS+=($!)
done
wait "${PIDS[@]}"
expect_eq "five parallel redemptions of one code: exactly one 200" "$(cat "$TMP"/race-code-* | grep -c '^200$')" "1"

authorize_and_login alice alice-password
request POST "$ISSUER/token" -u "$CLIENT_ID:$CLIENT_SECRET" --data-urlencode "grant_type=authorization_code" \
    --data-urlencode "code=$(query_param "$LOCATION" code)" --data-urlencode "redirect_uri=$REDIRECT_URI"
REFRESH_TOKEN="$(json refresh_token)"
PIDS=()
for i in 1 2 3 4 5; do
    curl -sS -o /dev/null -w '%{http_code}\n' "$ISSUER/token" -u "$CLIENT_ID:$CLIENT_SECRET" --data-urlencode "grant_type=refresh_token" \
        --data-urlencode "refresh_token=$REFRESH_TOKEN" >"$TMP/race-refresh-$i" &
    PIDS+=($!)
done
wait "${PIDS[@]}"
expect_eq "five parallel refreshes of one token: at most one 200" "$(( $(cat "$TMP"/race-refresh-* | grep -c '^200$') <= 1 ))" "1"
expect_eq "five parallel refreshes of one token: the others invalid_grant (400)" "$(cat "$TMP"/race-refresh-* | grep -c '^400$')" "$(( 5 - $(cat "$TMP"/race-refresh-* | grep -c '^200$') ))"

section "Bad input never yields a 500"
request POST "$ISSUER/token" -u "$CLIENT_ID:$CLIENT_SECRET" --data-urlencode "grant_type=password"
expect_eq "unsupported grant type" "$STATUS $(json error)" "400 unsupported_grant_type"
request POST "$ISSUER/token" -u "$CLIENT_ID:$CLIENT_SECRET" --data-urlencode "scope=openid"
expect_eq "missing grant_type" "$STATUS $(json error)" "400 invalid_request"
request POST "$ISSUER/token" -u "$CLIENT_ID:$CLIENT_SECRET" --data-urlencode "grant_type=authorization_code"
expect_eq "missing code" "$STATUS $(json error)" "400 invalid_request"
request POST "$ISSUER/token" -u "$CLIENT_ID:$CLIENT_SECRET" --data-urlencode "grant_type=refresh_token"
expect_eq "missing refresh_token" "$STATUS $(json error)" "400 invalid_request"
request POST "$ISSUER/token" -H "Content-Type: application/json" --data '{"grant_type":"authorization_code"}'
expect_eq "JSON body" "$STATUS $(json error)" "400 invalid_request"
request POST "$ISSUER/token" -u "$CLIENT_ID:$CLIENT_SECRET" --data "grant_type=refresh_token&grant_type=authorization_code"
expect_eq "repeated parameter" "$STATUS $(json error)" "400 invalid_request"
request POST "$ISSUER/token" --data-urlencode "grant_type=authorization_code" --data-urlencode "code=x"
expect_eq "no client authentication" "$STATUS $(json error)" "401 invalid_client"
request POST "$ISSUER/token" -H "Content-Type: application/x-www-form-urlencoded" --data-binary $'%%%\xff\xfe=&&='
expect_eq "garbled form" "$STATUS $(json error)" "400 invalid_request"
request POST "$ISSUER/login" -H "Content-Type: multipart/form-data; boundary=x" --data-binary 'garbage'
expect_eq "garbled multipart login post: 400 page" "$STATUS" "400"
request POST "$ISSUER/token" -H "Content-Type: multipart/form-data; boundary=x" --data-binary 'garbage'
expect_eq "garbled multipart token post" "$STATUS $(json error)" "400 invalid_request"
request GET "$ISSUER/authorize"
expect_eq "empty authorize: 400 page" "$STATUS" "400"

section "Dev stats"
request GET "$ISSUER/dev/stats"
expect_eq "stats: 200" "$STATUS" "200"
for counter in tokenRequests authorizationCodeGrants refreshTokenGrants userinfoRequests; do
    value="$(json "$counter")"
    if [[ "$value" =~ ^[1-9][0-9]*$ ]]; then pass "stats: $counter = $value"; else fail "stats: $counter is '$value'"; fi
done

printf '\n%d checks, %d failed\n' "$CHECKS" "$FAILURES"
[[ "$FAILURES" -eq 0 ]]
