#!/usr/bin/env bash
# Smoke walk for EchoMcpServer: builds it, runs it on 127.0.0.1, and drives /mcp with curl against a fake userinfo
# endpoint. Exits non-zero on the first failed expectation.
#   ECHO_PORT      port for EchoMcpServer (default 5200)
#   USERINFO_PORT  port for the fake userinfo endpoint (default 5291, away from the dev IdP's 5100)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
echo_port="${ECHO_PORT:-5200}"
userinfo_port="${USERINFO_PORT:-5291}"
base="http://127.0.0.1:${echo_port}"
mcp="${base}/mcp"
userinfo="http://127.0.0.1:${userinfo_port}/userinfo"
work="$(mktemp -d)"
pids=()

cleanup() {
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT

passed=0
pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() {
    echo "FAIL $1" >&2
    [[ -f "$work/body" ]] && { echo "--- last response body:" >&2; cat "$work/body" >&2; echo >&2; }
    [[ -f "$work/echo.log" ]] && { echo "--- server log (tail):" >&2; tail -n 30 "$work/echo.log" >&2; }
    exit 1
}

# post TOKEN JSON -> prints the HTTP status; body in $work/body, headers in $work/headers. TOKEN "" sends no Authorization.
post() {
    local auth=()
    [[ -n "$1" ]] && auth=(-H "Authorization: Bearer $1")
    curl -sS -o "$work/body" -D "$work/headers" -w '%{http_code}' -X POST "$mcp" \
        -H 'Content-Type: application/json' \
        -H 'Accept: application/json, text/event-stream' \
        -H 'MCP-Protocol-Version: 2025-11-25' \
        "${auth[@]}" --data-binary "$2"
}

# expect DESCRIPTION PYTHON_EXPR: evaluates the expression over the JSON-RPC messages in $work/body
# (msgs: every message in order; r: the response, the last message). Streamable HTTP may answer JSON or SSE.
expect() {
    if python3 - "$work/body" "$2" <<'PY'; then pass "$1"; else fail "$1"; fi
import json, sys
raw = open(sys.argv[1], encoding="utf-8").read()
if raw.lstrip().startswith("{"):
    msgs = [json.loads(raw)]
else:
    msgs = [json.loads(line[5:]) for line in raw.splitlines() if line.startswith("data:") and line[5:].strip()]
r = msgs[-1] if msgs else {}
text = lambda m: "".join(c.get("text", "") for c in m["result"]["content"])
sys.exit(0 if eval(sys.argv[2]) else 1)
PY
}

wait_for() { # URL: waits until anything answers there
    for _ in $(seq 1 100); do
        curl -s -o /dev/null "$1" && return 0
        sleep 0.2
    done
    return 1
}

echo "== build"
dotnet build "$here/EchoMcpServer.csproj" -nologo -v q >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; fail "build"; }
pass "build"
dll="$here/bin/Debug/net10.0/EchoMcpServer.dll"

echo "== start-up validation"
# In a subshell so that the host's abort on the validation exception is not reported as noise here.
if (dotnet "$dll" --urls "http://127.0.0.1:0" --EchoMcpServer:UserInfoEndpoint=not-a-url; exit $?) >"$work/bad.log" 2>&1; then
    fail "an invalid UserInfoEndpoint stops start-up"
fi
grep -q "EchoMcpServer:UserInfoEndpoint" "$work/bad.log" || fail "the start-up error names EchoMcpServer:UserInfoEndpoint"
pass "an invalid UserInfoEndpoint stops start-up, naming EchoMcpServer:UserInfoEndpoint"

echo "== start EchoMcpServer on ${base} (userinfo ${userinfo}, not running yet)"
dotnet "$dll" --urls "$base" --EchoMcpServer:UserInfoEndpoint="$userinfo" >"$work/echo.log" 2>&1 &
pids+=($!)
wait_for "$base/" || fail "EchoMcpServer starts"

echo "== bearer token required"
status="$(post "" '{"jsonrpc":"2.0","id":1,"method":"tools/list"}')"
[[ "$status" == 401 ]] || fail "POST /mcp without Authorization answers 401 (got $status)"
grep -qi '^WWW-Authenticate: Bearer' "$work/headers" || fail "401 carries WWW-Authenticate: Bearer"
pass "POST /mcp without Authorization -> 401 WWW-Authenticate: Bearer"
status="$(curl -sS -o /dev/null -w '%{http_code}' -X POST "$mcp" -H 'Authorization: Basic eDp5' -d 'x')"
[[ "$status" == 401 ]] || fail "Basic credentials and no content type -> 401 (got $status)"
pass "POST /mcp with Basic credentials -> 401"

echo "== MCP over Streamable HTTP"
status="$(post x '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"smoke","version":"1"}}}')"
[[ "$status" == 200 ]] || fail "initialize -> 200 (got $status)"
expect "initialize names the server" 'r["result"]["serverInfo"]["name"] == "EchoMcpServer"'
grep -qi '^Mcp-Session-Id' "$work/headers" && fail "stateless: no Mcp-Session-Id"
pass "stateless: no Mcp-Session-Id"

post x '{"jsonrpc":"2.0","method":"notifications/initialized"}' >/dev/null

status="$(post x '{"jsonrpc":"2.0","id":2,"method":"tools/list"}')"
[[ "$status" == 200 ]] || fail "tools/list -> 200 (got $status)"
expect "tools/list lists whoami, echo, count" 'sorted(t["name"] for t in r["result"]["tools"]) == ["count", "echo", "whoami"]'

post x '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"echo","arguments":{"message":"hello, gateway"}}}' >/dev/null
expect "echo returns the message" 'text(r) == "hello, gateway" and not r["result"].get("isError")'

post x '{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"count","arguments":{"n":3},"_meta":{"progressToken":"count-1"}}}' >/dev/null
expect "count streams 3 progress notifications, then \"1 2 3\"" \
    '[m["params"]["progress"] for m in msgs if m.get("method") == "notifications/progress" and m["params"]["progressToken"] == "count-1"] == [1, 2, 3] and text(r) == "1 2 3"'

post x '{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"count","arguments":{"n":21}}}' >/dev/null
expect "count 21 is a tool error" 'r["result"]["isError"] is True and "between 1 and 20" in text(r)'

echo "== whoami without a userinfo server"
post secret-token-1 '{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"whoami","arguments":{}}}' >/dev/null
expect "whoami is a tool error naming userinfo" 'r["result"]["isError"] is True and "userinfo" in text(r)'
expect "the error does not echo the token" '"secret-token-1" not in json.dumps(msgs)'

echo "== whoami against a fake userinfo on ${userinfo}"
cat >"$work/userinfo.py" <<'PY'
import json, sys
from http.server import BaseHTTPRequestHandler, HTTPServer

port, seen = int(sys.argv[1]), sys.argv[2]
ALICE = {"sub": "alice-0001", "name": "Alice Anderson", "preferred_username": "alice",
         "email": "alice@example.test", "department": "Engineering", "employee_number": "E-1001",
         "groups": [{"name": "engineering"}]}

class UserInfo(BaseHTTPRequestHandler):
    def do_GET(self):
        auth = self.headers.get("Authorization", "")
        with open(seen, "a", encoding="utf-8") as f:
            f.write(auth + "\n")
        if self.path != "/userinfo" or auth != "Bearer alice-upstream-token":
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Bearer error="invalid_token"')
            self.end_headers()
            return
        body = json.dumps(ALICE).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass

HTTPServer(("127.0.0.1", port), UserInfo).serve_forever()
PY
python3 "$work/userinfo.py" "$userinfo_port" "$work/seen" >"$work/userinfo.log" 2>&1 &
pids+=($!)
wait_for "$userinfo" || fail "fake userinfo starts"
: >"$work/seen"

post alice-upstream-token '{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"whoami","arguments":{}}}' >/dev/null
expect "whoami returns the userinfo JSON object" \
    'not r["result"].get("isError") and json.loads(text(r)) == {"sub": "alice-0001", "name": "Alice Anderson", "preferred_username": "alice", "email": "alice@example.test", "department": "Engineering", "employee_number": "E-1001", "groups": [{"name": "engineering"}]}'
expect "whoami does not echo the token" '"alice-upstream-token" not in json.dumps(msgs)'
grep -qx 'Bearer alice-upstream-token' "$work/seen" || fail "userinfo received the caller's bearer token"
pass "userinfo received exactly 'Authorization: Bearer alice-upstream-token'"
grep -q 'alice-upstream-token' "$work/echo.log" && fail "the server log does not contain the token"
pass "the server log does not contain the token"

post someone-else '{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"whoami","arguments":{}}}' >/dev/null
expect "whoami with a token userinfo rejects is a tool error (401)" \
    'r["result"]["isError"] is True and text(r) == "upstream userinfo rejected the token (401)"'

echo "== bad input never yields a 500"
for body in '{not json' '[]' '{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"count","arguments":{"n":"abc"}}}' \
    '{"jsonrpc":"2.0","id":10,"method":"tools/call","params":{"name":"echo","arguments":{}}}' \
    '{"jsonrpc":"2.0","id":11,"method":"tools/call","params":{"name":"nope"}}'; do
    status="$(post x "$body")"
    [[ "$status" != 5* ]] || fail "no 5xx for $body (got $status)"
    grep -q '   at ' "$work/body" && fail "no stack trace in the response to $body"
done
pass "malformed bodies and bad arguments answer without 5xx or stack traces"

echo "smoke: all ${passed} checks passed"
