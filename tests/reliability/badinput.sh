#!/usr/bin/env bash
# badinput.sh - the bad-input catalogue: malformed requests and events over
# HTTP, and malformed events through `bylaw emit`.  Each must be answered
# with the right 4xx and a JSON error with a message, nothing may be
# written, and the daemon must stay healthy and stop cleanly afterwards.
E2E_BODY_BYTES=65536 E2E_CONNECTIONS=8 E2E_READ_TIMEOUT_MS=1000
. "$(dirname "$0")/../e2e/lib.sh"
BYLAW=${BYLAW:-build/bylaw}
# Raw requests the daemon refuses early may find the socket closed.
trap "" PIPE
TRIED=0

# bad STATUS WHAT METHOD PATH TOKEN BODY: one request that must fail.
bad() {
  local want=$1 what=$2
  shift 2
  TRIED=$((TRIED + 1))
  req "$@"
  expect_status "$want" "$what"
  expect_json '(.error.message | type == "string" and length > 0)' "$what: a message"
}

# raw WANT WHAT TEXT: sends TEXT (printf format) on a fresh socket and
# checks the status line of the answer.
raw() {
  TRIED=$((TRIED + 1))
  local line
  exec 5<>"/dev/tcp/127.0.0.1/$PORT"
  printf "$3" >&5
  read -r -t 10 line <&5 || line="(no answer)"
  exec 5>&-
  case "$line" in *" $1 "*) ok ;; *) fail "$2: expected HTTP $1, got $line" ;; esac
}

ev() { # ev FIELDS-JSON: an event with the given top-level members
  printf '{%s}' "$1"
}
OK_HEAD='"id":"x1","pack":"e2e","at":"2026-01-05T09:00:00+08:00"'
order() { ev "$OK_HEAD,\"type\":\"order.placed\",\"data\":{\"id\":\"o1\",\"customer\":\"c1\",\"amount_fen\":$1}"; }

setup_rules
start_daemon
T=$PACK_TOKEN

# --- JSON that is not JSON -------------------------------------------------
bad 400 "truncated JSON" POST /v1/events $T '{"id":"x1","pack":"e2e","type":"staff.up'
bad 400 "invalid JSON" POST /v1/events $T '{id: x1}'
bad 400 "empty body" POST /v1/events $T ''
bad 400 "text after the JSON" POST /v1/events $T "$(ev "$OK_HEAD,\"type\":\"staff.upsert\",\"data\":{\"id\":\"s1\"}") junk"
bad 400 "text after a batch" POST /v1/events $T "[$(ev "$OK_HEAD,\"type\":\"staff.upsert\",\"data\":{\"id\":\"s1\"}")] []"
bad 400 "a bare string" POST /v1/events $T '"hello"'
bad 400 "a bare number" POST /v1/events $T '42'
bad 400 "an empty batch" POST /v1/events $T '[]'
bad 400 "a batch of non-objects" POST /v1/events $T '[1, 2]'
bad 400 "NaN" POST /v1/events $T "$(order NaN)"
bad 400 "a lone surrogate" POST /v1/events $T "$(ev "$OK_HEAD,\"type\":\"staff.upsert\",\"data\":{\"id\":\"\\ud800\"}")"
bad 400 "an escaped NUL in the id" POST /v1/events $T '{"id":"x\u0000y","pack":"e2e","type":"staff.upsert","at":"2026-01-05T09:00:00+08:00","data":{"id":"s1"}}'
printf '{"id":"u1","pack":"e2e","type":"staff.upsert","at":"2026-01-05T09:00:00+08:00","data":{"id":"\xff\xfe"}}' >"$WORK/utf8.json"
bad 400 "invalid UTF-8" POST /v1/events $T "@$WORK/utf8.json"
printf '{"id":"u2","pack":"e2e","type":"staff.upsert","at":"2026-01-05T09:00:00+08:00","data":{"id":"\xc0\xaf"}}' >"$WORK/overlong.json"
bad 400 "overlong UTF-8" POST /v1/events $T "@$WORK/overlong.json"
DEEP=$(printf '[%.0s' $(seq 1 40))1$(printf ']%.0s' $(seq 1 40))
bad 400 "deep nesting" POST /v1/events $T "$DEEP"
DEEPDATA="{\"a\":$(printf '{"a":%.0s' $(seq 1 30))1$(printf '}%.0s' $(seq 1 30))}"
bad 400 "deep nesting inside data" POST /v1/events $T "$(ev "$OK_HEAD,\"type\":\"staff.upsert\",\"data\":$DEEPDATA")"

# --- money -------------------------------------------------------------------
bad 400 "a float for money" POST /v1/events $T "$(order 12.5)"
bad 400 "negative money" POST /v1/events $T "$(order -100)"
bad 400 "a huge number" POST /v1/events $T "$(order 1e400)"
bad 400 "money past 2^63" POST /v1/events $T "$(order 9223372036854775808)"
bad 400 "money past 2^53" POST /v1/events $T "$(order 9007199254740993)"
bad 400 "money as text" POST /v1/events $T "$(order '"100"')"
bad 400 "money as a boolean" POST /v1/events $T "$(order true)"

# --- the event's shape -----------------------------------------------------------
bad 400 "missing id" POST /v1/events $T '{"pack":"e2e","type":"staff.upsert","at":"2026-01-05T09:00:00+08:00","data":{"id":"s1"}}'
bad 400 "empty id" POST /v1/events $T '{"id":"","pack":"e2e","type":"staff.upsert","at":"2026-01-05T09:00:00+08:00","data":{"id":"s1"}}'
bad 400 "numeric id" POST /v1/events $T '{"id":7,"pack":"e2e","type":"staff.upsert","at":"2026-01-05T09:00:00+08:00","data":{"id":"s1"}}'
bad 400 "missing type" POST /v1/events $T "$(ev "$OK_HEAD,\"data\":{\"id\":\"s1\"}")"
bad 400 "unknown type" POST /v1/events $T "$(ev "$OK_HEAD,\"type\":\"customer.delete\",\"data\":{\"id\":\"s1\"}")"
bad 400 "type of the wrong type" POST /v1/events $T "$(ev "$OK_HEAD,\"type\":5,\"data\":{\"id\":\"s1\"}")"
bad 400 "data as an array" POST /v1/events $T "$(ev "$OK_HEAD,\"type\":\"staff.upsert\",\"data\":[1]")"
bad 400 "missing at" POST /v1/events $T '{"id":"x1","pack":"e2e","type":"staff.upsert","data":{"id":"s1"}}'
bad 400 "an at that is no time" POST /v1/events $T '{"id":"x1","pack":"e2e","type":"staff.upsert","at":"yesterday","data":{"id":"s1"}}'
bad 400 "February 30th" POST /v1/events $T '{"id":"x1","pack":"e2e","type":"staff.upsert","at":"2026-02-30T09:00:00+08:00","data":{"id":"s1"}}'
bad 400 "an unknown top-level field" POST /v1/events $T "$(ev "$OK_HEAD,\"type\":\"staff.upsert\",\"data\":{\"id\":\"s1\"},\"sudo\":true")"
bad 400 "an unknown data field" POST /v1/events $T "$(ev "$OK_HEAD,\"type\":\"staff.upsert\",\"data\":{\"id\":\"s1\",\"salary_fen\":1}")"
bad 400 "a required data field missing" POST /v1/events $T "$(ev "$OK_HEAD,\"type\":\"violation.reported\",\"data\":{\"kind\":\"late\"}")"
bad 400 "missing pack" POST /v1/events "$ADMIN_TOKEN" '{"id":"x1","type":"staff.upsert","at":"2026-01-05T09:00:00+08:00","data":{"id":"s1"}}'
bad 400 "pack spelled twice" POST /v1/events $T '{"id":"x1","pack":"e2e","Pack":"other","type":"staff.upsert","at":"2026-01-05T09:00:00+08:00","data":{"id":"s1"}}'
bad 400 "pack given twice" POST /v1/events $T '{"id":"x1","pack":"e2e","pack":"other","type":"staff.upsert","at":"2026-01-05T09:00:00+08:00","data":{"id":"s1"}}'
bad 403 "another pack's event" POST /v1/events $T '{"id":"x1","pack":"other","type":"staff.upsert","at":"2026-01-05T09:00:00+08:00","data":{"id":"s1"}}'
bad 403 "a path in the pack name" POST /v1/events $T '{"id":"x1","pack":"../other","type":"staff.upsert","at":"2026-01-05T09:00:00+08:00","data":{"id":"s1"}}'
bad 404 "a path in the pack name (admin)" POST /v1/events "$ADMIN_TOKEN" '{"id":"x1","pack":"../../etc","type":"staff.upsert","at":"2026-01-05T09:00:00+08:00","data":{"id":"s1"}}'
{ printf '{"id":"'; head -c 300000 /dev/zero | tr '\0' a; printf '"}'; } >"$WORK/giant.json"
# With "Expect: 100-continue" the client waits for the verdict before it
# sends the body: a server that refuses a body it has not read closes the
# connection, and a client still writing would see a reset, not the 413.
TRIED=$((TRIED + 1))
STATUS=$(curl -s -o "$WORK/body" -w '%{http_code}' -H 'Expect: 100-continue' \
  -H "Authorization: Bearer $T" -H 'Content-Type: application/json' \
  --data-binary "@$WORK/giant.json" "$URL/v1/events")
BODY=$(cat "$WORK/body" 2>/dev/null)
expect_status 413 "a giant body"
expect_json '(.error.message | type == "string" and length > 0)' "a giant body: a message"

# --- paths, queries, methods, tokens --------------------------------------------
bad 404 "path traversal in a reload" POST "/v1/packs/..%2F..%2Fetc/reload" "$ADMIN_TOKEN" '{}'
bad 404 "path traversal in ?pack=" GET "/v1/customers?pack=../../etc/passwd" "$ADMIN_TOKEN"
bad 400 "a malformed escape in the query" GET "/v1/customers?pack=%zz" "$T"
bad 400 "an escaped NUL in the query" GET "/v1/customers?pack=e2e%00x" "$T"
bad 400 "an unknown filter column" GET "/v1/customers?password=1" "$T"
bad 400 "a limit that is no number" GET "/v1/customers?limit=abc" "$T"
bad 400 "a negative limit" GET "/v1/customers?limit=-5" "$T"
bad 404 "an unknown endpoint" GET /v1/secrets "$T"
bad 405 "a wrong method" PUT /v1/events "$T" '{}'
bad 401 "no token" POST /v1/events - '{}'
bad 401 "a wrong token" POST /v1/events wrong-token-123 '{}'
bad 400 "a decision that is neither" POST /v1/approvals/a1/decision "$T" '{"decision":"maybe","by":"s1"}'

# --- HTTP framing -------------------------------------------------------------------
raw 431 "giant headers" "GET /healthz HTTP/1.1\r\nHost: t\r\nX-Fill: $(head -c 8000 /dev/zero | tr '\0' x)\r\n\r\n"
raw 400 "Content-Length and Transfer-Encoding both" "POST /v1/events HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer $T\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n"
raw 400 "broken chunked encoding" "POST /v1/events HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer $T\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\nabc\r\n0\r\n\r\n"
raw 400 "a request line that is not HTTP" "HELLO\r\n\r\n"
raw 400 "two Content-Length values" "POST /v1/events HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer $T\r\nContent-Length: 2\r\nContent-Length: 40\r\nConnection: close\r\n\r\n{}"

# A slow client is disconnected after the read timeout (1 s here); the 30 s
# bound only keeps a broken daemon from hanging the test.
TRIED=$((TRIED + 1))
exec 5<>"/dev/tcp/127.0.0.1/$PORT"
printf 'POST /v1/events HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n{"id":' >&5
if timeout 30 cat <&5 >/dev/null; then ok; else fail "slow client was not disconnected"; fi
exec 5>&-

# Too many connections: 8 held open, the 9th is refused with 429.
TRIED=$((TRIED + 1))
for fd in 10 11 12 13 14 15 16 17; do eval "exec $fd<>/dev/tcp/127.0.0.1/$PORT"; done
printf 'GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n' >&17
read -r -t 10 line <&17 || true
STATUS=$(curl -s -o "$WORK/body" -w '%{http_code}' "$URL/healthz")
BODY=$(cat "$WORK/body")
expect_status 429 "too many connections"
for fd in 10 11 12 13 14 15 16 17; do eval "exec $fd>&-"; done

# --- nothing was written, and the daemon is well ---------------------------------
for i in $(seq 1 50); do
  STATUS=$(curl -s -o /dev/null -w '%{http_code}' "$URL/healthz")
  [ "$STATUS" = 200 ] && break
  sleep 0.1
done
expect_status 200 "healthy after the catalogue"
for table in customers tasks penalties actions; do
  req GET "/v1/$table?limit=1" "$T"
  expect_json '.total == 0' "nothing written to $table"
done
req GET "/v1/customers?pack=other&limit=1" "$ADMIN_TOKEN"
expect_json '.total == 0' "nothing written to the other pack"
# Normal service right after.
req POST /v1/events $T "$(ev "$OK_HEAD,\"type\":\"staff.upsert\",\"data\":{\"id\":\"s1\"}")"
expect_status 200 "a good event after the catalogue"
stop_daemon

# --- the same events through the CLI ---------------------------------------------
CLI_TRIED=0
: >"$WORK/bad.jsonl"
for line in '{"id":"c1","pack":"e2e"' '{id}' '[]' '"x"' \
  "$(order 12.5)" "$(order -1)" "$(order 1e400)" "$(order '"5"')" \
  '{"pack":"e2e","type":"staff.upsert","at":"2026-01-05","data":{"id":"s"}}' \
  '{"id":"c1","pack":"e2e","type":"nope","at":"2026-01-05","data":{}}' \
  '{"id":"c1","pack":"../e2e","type":"staff.upsert","at":"2026-01-05","data":{"id":"s"}}' \
  '{"id":"c\u0000","pack":"e2e","type":"staff.upsert","at":"2026-01-05","data":{"id":"s"}}' \
  "$(ev "$OK_HEAD,\"type\":\"staff.upsert\",\"data\":{\"id\":\"s1\"},\"x\":1")"; do
  printf '%s\n' "$line" >>"$WORK/bad.jsonl"
  CLI_TRIED=$((CLI_TRIED + 1))
done
printf '{"id":"b1","pack":"e2e","type":"staff.upsert","at":"2026-01-05","data":{"id":"\xff"}}\n' >>"$WORK/bad.jsonl"
CLI_TRIED=$((CLI_TRIED + 1))
"$BYLAW" emit --db "$WORK/cli.db" --rules "$WORK/rules" "$WORK/bad.jsonl" >"$WORK/cli.out" 2>"$WORK/cli.err"
CLI_RC=$?
if [ "$CLI_RC" -ne 0 ]; then ok; else fail "bylaw emit exits 0 after rejected events"; fi
REJECTED=$(grep -c '"status":"rejected"' "$WORK/cli.out" || true)
if [ "$REJECTED" = "$CLI_TRIED" ]; then ok; else fail "CLI: $REJECTED of $CLI_TRIED lines rejected: $(cat "$WORK/cli.out" "$WORK/cli.err")"; fi
if grep -q '"status":"applied"' "$WORK/cli.out"; then fail "CLI applied a bad event"; else ok; fi
if [ ! -s "$WORK/cli.db" ] || [ "$(sqlite3 "$WORK/cli.db" 'SELECT count(*) FROM events' 2>/dev/null || echo 0)" = 0 ]; then ok; else fail "CLI wrote events"; fi
echo "bad inputs tried: $TRIED over HTTP, $CLI_TRIED through the CLI"
finish
