#!/usr/bin/env bash
# durable.sh - with durability full, bylawd answers nothing before what it
# answers for is on disk, although its commits do not wait for the disk
# (engine/daemon/durable.c).
#
# 1. Under strace, events sent one after another: before every answer, the
#    store's log was flushed after its latest write (durable_order.py).
#    The same run with durability normal must break that rule, which shows
#    that the check can fail.
# 2. Events from 16 clients at once: every one answered 200 and applied
#    once, and the daemon flushed the log itself.  This part also runs
#    under valgrind (tests/e2e/CMakeLists.txt).
. "$(dirname "$0")/lib.sh"

ORDER=$E2E_DIR/durable_order.py
SEQUENTIAL=20
PARALLEL=${DURABLE_PARALLEL:-300}

# events_cfg PREFIX N: a curl config sending N customer.upsert events.
events_cfg() {
  awk -v url="$URL" -v token="$PACK_TOKEN" -v p="$1" -v n="$2" 'BEGIN {
    for (i = 1; i <= n; i++) {
      if (i > 1) print "next"
      print "url = \"" url "/v1/events\""
      print "header = \"Authorization: Bearer " token "\""
      print "header = \"Content-Type: application/json\""
      printf "data = {\"id\":\"%s%d\",\"pack\":\"e2e\",\"type\":\"customer.upsert\",", p, i
      printf "\"at\":\"2026-01-05T09:00:00+08:00\",\"data\":{\"id\":\"%s%d\",\"segment\":\"retail\"}}\n", p, i
      print "output = \"/dev/null\""
      print "write-out = \"%{http_code}\\n\""
    }
  }' >"$WORK/events.cfg"
}

# flushes: bylaw_log_flushes_total from /metrics.
flushes() {
  req GET /metrics -
  sed -n 's/^bylaw_log_flushes_total //p' "$WORK/body"
}

# traced_run SYNC: starts bylawd under strace with durability SYNC, sends
# the sequential events one after another on one connection, stops it.
# Leaves the trace in $WORK/trace.SYNC.
traced_run() {
  local sync=$1
  sed -i "s/^sync = .*/sync = \"$sync\"/" "$WORK/bylawd.lua"
  rm -f "$WORK"/var/bylaw.db*
  # LeakSanitizer cannot run under ptrace: leaks are the other runs' job.
  ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 E2E_WRAPPER="strace -f -tt -y -o $WORK/trace.$sync -e trace=pwrite64,fdatasync,fsync,write,writev,sendmsg,sendto" \
    start_daemon
  events_cfg "$sync-" "$SEQUENTIAL"
  curl -sS --no-progress-meter -K "$WORK/events.cfg" >"$WORK/codes"
  n=$(grep -c '^200$' "$WORK/codes")
  if [ "$n" -eq "$SEQUENTIAL" ]; then ok; else fail "$sync: $n of $SEQUENTIAL events answered 200"; fi
  # SIGTERM to bylawd itself; strace ends with it.
  local pid
  pid=$(pgrep -P "$DAEMON_PID" bylawd || true)
  kill -TERM "${pid:-$DAEMON_PID}"
  wait "$DAEMON_PID" || fail "$sync: strace or bylawd exited with $?"
  DAEMON_PID=
}

setup_rules
if [ -n "${E2E_WRAPPER:-}" ]; then
  echo "under $E2E_WRAPPER: the strace runs are left to the plain test"
elif ! strace -o /dev/null true 2>/dev/null; then
  echo "strace cannot trace here: the order of flushes and answers is not checked"
else
  traced_run full
  if python3 "$ORDER" "$WORK/trace.full" >"$WORK/order.full"; then ok; else
    fail "full: an answer left before the log was flushed: $(tail -3 "$WORK/order.full")"; fi
  grep -q ' [1-9][0-9]* flushes' "$WORK/order.full" || fail "full: no flush of the log seen: $(cat "$WORK/order.full")"
  traced_run normal
  if python3 "$ORDER" "$WORK/trace.normal" >"$WORK/order.normal"; then
    fail "normal: every answer waited for a flush, so the check proves nothing: $(tail -1 "$WORK/order.normal")"
  else ok; fi
fi

# Many clients at once, durability full, no strace.
sed -i 's/^sync = .*/sync = "full"/' "$WORK/bylawd.lua"
rm -f "$WORK"/var/bylaw.db*
start_daemon
events_cfg par- "$PARALLEL"
curl -sS --no-progress-meter -Z --parallel-max 16 -K "$WORK/events.cfg" >"$WORK/codes"
n=$(grep -c '^200$' "$WORK/codes")
if [ "$n" -eq "$PARALLEL" ]; then ok; else fail "parallel: $n of $PARALLEL events answered 200"; fi
f=$(flushes)
if [ "${f:-0}" -ge 1 ]; then ok; else fail "parallel: the daemon made no flush of its own (${f:-none})"; fi
# Sent again, every event is a duplicate: each was applied once.
curl -sS --no-progress-meter -Z --parallel-max 16 -K "$WORK/events.cfg" >"$WORK/codes"
req GET /metrics -
applied=$(sed -n 's/^bylaw_events_total{status="applied"} //p' "$WORK/body")
duplicate=$(sed -n 's/^bylaw_events_total{status="duplicate"} //p' "$WORK/body")
if [ "$applied" = "$PARALLEL" ] && [ "$duplicate" = "$PARALLEL" ]; then ok; else
  fail "parallel: applied $applied, duplicate $duplicate, expected $PARALLEL of each"; fi
stop_daemon

# Durability normal: bylawd leaves the log to SQLite and flushes nothing.
sed -i 's/^sync = .*/sync = "normal"/' "$WORK/bylawd.lua"
start_daemon
req POST /v1/events "$PACK_TOKEN" "$(customer n1 retail)"
expect_status 200 "normal: one event"
f=$(flushes)
if [ "$f" = 0 ]; then ok; else fail "normal: the daemon flushed the log $f times"; fi
stop_daemon

finish
