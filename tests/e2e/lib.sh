# lib.sh - helpers for the end-to-end tests of bylawd, sourced by each
# tests/e2e/*.sh.  Each test starts the real daemon on a loopback port the
# kernel picks (listen 127.0.0.1:0; the port is read from the start-up log),
# talks to it with curl, and stops it with SIGTERM, checking a clean exit.
#
# The daemon runs with --test-clock: time only moves when a test says so
# (POST /v1/clock), and that call runs whatever became due before it
# answers, so no test ever sleeps to wait for scheduled work.
#
# Environment (set by tests/e2e/CMakeLists.txt):
#   BYLAWD      path of the bylawd binary
# The pack is tests/e2e/pack, copied into a scratch rules folder as "e2e"
# and as "other".

set -u

BYLAWD=${BYLAWD:-build/bylawd}
E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
E2E_PACK=e2e
PACK_TOKEN=pack-token-0001
OTHER_TOKEN=other-token-0001
ADMIN_TOKEN=admin-token-0001
CLOCK_START=2026-01-05T09:00:00+08:00

WORK=$(mktemp -d "${TMPDIR:-/tmp}/bylawd-e2e.XXXXXX")
DAEMON_PID=
PORT=
URL=
FAILS=0
CHECKS=0

cleanup() {
  if [ -n "$DAEMON_PID" ] && kill -0 "$DAEMON_PID" 2>/dev/null; then
    kill -KILL "$DAEMON_PID" 2>/dev/null
    wait "$DAEMON_PID" 2>/dev/null
  fi
  if [ "$FAILS" -eq 0 ]; then rm -rf "$WORK"; else echo "work dir kept: $WORK"; fi
}
trap cleanup EXIT

fail() {
  FAILS=$((FAILS + 1))
  echo "FAIL: $*" >&2
}

ok() {
  CHECKS=$((CHECKS + 1))
}

# finish: prints the summary and exits non-zero when a check failed.
finish() {
  if [ "$FAILS" -ne 0 ]; then
    echo "$FAILS of $((CHECKS + FAILS)) checks failed"
    [ -f "$WORK/daemon.log" ] && { echo "--- daemon log (tail)"; tail -40 "$WORK/daemon.log"; }
    exit 1
  fi
  echo "all $CHECKS checks passed"
  exit 0
}

# setup_rules: copies the test pack twice into $WORK/rules, so tests can
# break and change packs freely.
setup_rules() {
  mkdir -p "$WORK/rules" "$WORK/var"
  cp -R "$E2E_DIR/pack" "$WORK/rules/$E2E_PACK"
  cp -R "$E2E_DIR/pack" "$WORK/rules/other"
  cat > "$WORK/bylawd.lua" <<EOF
-- bylawd configuration for the end-to-end tests
listen = "127.0.0.1:0"
db = "$WORK/var/bylaw.db"
rules = "$WORK/rules"
backup_dir = "$WORK/var/backup"
sync = "normal"
log_level = "debug"
tokens = { $E2E_PACK = { "$PACK_TOKEN" }, other = "$OTHER_TOKEN" }
admin_tokens = { "$ADMIN_TOKEN" }
limits = {
  body_bytes = ${E2E_BODY_BYTES:-262144},
  header_bytes = 4096,
  json_depth = 16,
  batch_events = 500,
  read_timeout_ms = ${E2E_READ_TIMEOUT_MS:-10000},
  connections = ${E2E_CONNECTIONS:-32},
}
EOF
}

# start_daemon [extra flags...]: starts bylawd in the background and waits
# (bounded) until it logs its address.  Sets DAEMON_PID, PORT and URL.
start_daemon() {
  : >"$WORK/daemon.log"
  ${E2E_WRAPPER:-} "$BYLAWD" --config "$WORK/bylawd.lua" \
    --test-clock="${E2E_CLOCK:-$CLOCK_START}" "$@" 2>>"$WORK/daemon.log" &
  DAEMON_PID=$!
  local i
  for i in $(seq 1 300); do
    PORT=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$WORK/daemon.log" | tail -1)
    [ -n "$PORT" ] && break
    kill -0 "$DAEMON_PID" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$PORT" ]; then
    fail "bylawd did not start"
    cat "$WORK/daemon.log" >&2
    finish
  fi
  URL="http://127.0.0.1:$PORT"
}

# stop_daemon: SIGTERM, then expects exit status 0.
stop_daemon() {
  kill -TERM "$DAEMON_PID"
  local rc=0
  wait "$DAEMON_PID" || rc=$?
  DAEMON_PID=
  if [ "$rc" -eq 0 ]; then ok; else fail "bylawd exited with $rc after SIGTERM"; fi
}

# crash_daemon: SIGKILL, no clean-up at all.
crash_daemon() {
  kill -KILL "$DAEMON_PID"
  wait "$DAEMON_PID" 2>/dev/null
  DAEMON_PID=
}

# req METHOD PATH TOKEN [BODY]: one request.  Sets STATUS and BODY.  TOKEN
# "-" sends no Authorization header.  BODY "@file" sends a file.
req() {
  local method=$1 path=$2 token=$3 data=${4:-}
  local args=(-s -o "$WORK/body" -w '%{http_code}' -X "$method")
  [ "$token" != "-" ] && args+=(-H "Authorization: Bearer $token")
  if [ -n "$data" ]; then
    args+=(-H 'Content-Type: application/json')
    if [ "${data:0:1}" = "@" ]; then args+=(--data-binary "$data"); else args+=(--data-binary "$data"); fi
  fi
  STATUS=$(curl "${args[@]}" "$URL$path")
  BODY=$(cat "$WORK/body" 2>/dev/null)
}

# expect_status CODE WHAT: checks the last request's status.
expect_status() {
  if [ "$STATUS" = "$1" ]; then ok; else fail "$2: expected HTTP $1, got $STATUS: $BODY"; fi
}

# expect_json JQ-FILTER WHAT: checks that the filter is true on BODY.
expect_json() {
  if printf '%s' "$BODY" | jq -e "$1" >/dev/null 2>&1; then ok; else fail "$2: $1 is not true of $BODY"; fi
}

# jqr JQ-FILTER: prints the filter's raw value on BODY.
jqr() {
  printf '%s' "$BODY" | jq -r "$1"
}

# event ID TYPE AT DATA-JSON [PACK]: prints one event as JSON.
event() {
  printf '{"id":"%s","pack":"%s","type":"%s","at":"%s","data":%s}' \
    "$1" "${5:-$E2E_PACK}" "$2" "$3" "$4"
}

# customer ID SEGMENT [AT]: a customer.upsert event.
customer() {
  event "cust-$1" customer.upsert "${3:-2026-01-05T09:00:00+08:00}" \
    "{\"id\":\"$1\",\"name\":\"Customer $1\",\"segment\":\"$2\",\"region\":\"west\",\"owner\":\"s1\"}"
}

# set_clock ISO-TIME: moves the test clock and runs what became due.
set_clock() {
  req POST /v1/clock "$ADMIN_TOKEN" "{\"now\":\"$1\"}"
  expect_status 200 "move the clock to $1"
}
