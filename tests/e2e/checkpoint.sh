#!/usr/bin/env bash
# checkpoint.sh - bylawd checkpoints the write-ahead log itself, off its loop
# (engine/daemon/checkpoint.c): while events keep coming the log is copied
# into the database file and starts over instead of growing with
# everything written, every event is applied exactly once, and a clean stop
# leaves no log behind.  Both kinds of writers are driven: concurrent single
# events (group commit), then batches back to back.
. "$(dirname "$0")/lib.sh"

# Fewer of each under valgrind (E2E_WRAPPER), where every event is slow.
SINGLES=${CHECKPOINT_SINGLES:-2000}
BATCHES=${CHECKPOINT_BATCHES:-12}
BATCH=500
STEP=10 # checkpoint_pages: small, so the run goes through many checkpoints
# bylawd empties the log once it holds 16 steps; it may hold a little
# more (what committed while the last checkpoint ran, or one batch), but
# never 4 times that.  Without the emptying, the single events alone left
# a log of 34 MB.
WAL_BOUND=$((4 * 16 * STEP * (4096 + 24)))

setup_rules
echo "checkpoint_pages = $STEP" >>"$WORK/bylawd.lua"
start_daemon
DB=$WORK/var/bylaw.db
size() { stat -c %s "$1" 2>/dev/null || echo 0; }
DB_START=$(size "$DB")

# Single events from 16 connections at once: they commit in groups.
# A curl config of one request per event; the JSON has no blanks, so it
# needs no quotes there.
awk -v url="$URL" -v token="$PACK_TOKEN" -v n="$SINGLES" 'BEGIN {
  for (i = 1; i <= n; i++) {
    if (i > 1) print "next"
    print "url = \"" url "/v1/events\""
    print "header = \"Authorization: Bearer " token "\""
    print "header = \"Content-Type: application/json\""
    printf "data = {\"id\":\"s%d\",\"pack\":\"e2e\",\"type\":\"customer.upsert\",", i
    printf "\"at\":\"2026-01-05T09:00:00+08:00\",\"data\":{\"id\":\"s%d\",\"segment\":\"retail\"}}\n", i
    print "output = \"/dev/null\""
    print "write-out = \"%{http_code}\\n\""
  }
}' >"$WORK/singles.cfg"
curl -sS --no-progress-meter -Z --parallel-max 16 -K "$WORK/singles.cfg" >"$WORK/singles.codes"
n200=$(grep -c '^200$' "$WORK/singles.codes")
if [ "$n200" -eq "$SINGLES" ]; then ok; else fail "single events: $n200 of $SINGLES answered 200"; fi
# The log file keeps the size it once reached: its largest so far.
wal=$(size "$DB-wal")
if [ "$wal" -le "$WAL_BOUND" ]; then ok; else fail "single events: the log reached $wal bytes"; fi

# batch_file K: batch K as a JSON array of BATCH new customers.
batch_file() {
  awk -v k="$1" -v n="$BATCH" 'BEGIN {
    printf "["
    for (i = 0; i < n; i++)
      printf "%s{\"id\":\"b%d-%d\",\"pack\":\"e2e\",\"type\":\"customer.upsert\",\"at\":\"2026-01-05T09:00:00+08:00\",\"data\":{\"id\":\"b%d-%d\",\"segment\":\"retail\",\"region\":\"west\",\"owner\":\"s1\"}}", (i ? "," : ""), k, i, k, i
    printf "]"
  }' >"$WORK/batch.json"
}
APPLIED=0
for k in $(seq 1 "$BATCHES"); do
  batch_file "$k"
  req POST /v1/events "$PACK_TOKEN" "@$WORK/batch.json"
  APPLIED=$((APPLIED + $(jqr '[.[] | select(.status == "applied")] | length')))
done
if [ "$APPLIED" -eq $((BATCHES * BATCH)) ]; then ok; else fail "batches: $APPLIED of $((BATCHES * BATCH)) applied"; fi
wal=$(size "$DB-wal")
if [ "$wal" -le "$WAL_BOUND" ]; then ok; else fail "batches: the log reached $wal bytes"; fi

# Checkpoints ran, and copied pages into the database file while the
# daemon was still running.
req GET /metrics -
COMPLETE=$(sed -n 's/^bylaw_checkpoints_total{result="complete"} //p' "$WORK/body")
if [ "${COMPLETE:-0}" -ge 2 ]; then ok; else fail "checkpoints completed: ${COMPLETE:-none}"; fi
if grep -q '^bylaw_checkpoints_total{result="failed"} 0$' "$WORK/body"; then ok; else fail "a checkpoint failed"; fi
DB_RUNNING=$(size "$DB")
if [ "$DB_RUNNING" -gt $((DB_START + 1000000)) ]; then ok; else
  fail "database file $DB_START -> $DB_RUNNING bytes while running: nothing checkpointed"; fi

# Exactly once: every customer is there once, and sending a batch again
# changes nothing.
req GET "/v1/customers?limit=1" "$PACK_TOKEN"
expect_json ".total == $((BATCHES * BATCH + SINGLES))" "every customer once"
req POST /v1/events "$PACK_TOKEN" "@$WORK/batch.json"
expect_json 'all(.[]; .status == "duplicate")' "a batch sent again is all duplicates"
stop_daemon

# A clean stop closed the checkpointer's connection first, so the engine's
# was the last and folded the log into the file.
if [ ! -e "$DB-wal" ]; then ok; else fail "the log is left after a clean stop"; fi
finish
