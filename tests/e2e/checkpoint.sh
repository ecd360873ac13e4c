#!/usr/bin/env bash
# checkpoint.sh - bylawd checkpoints the write-ahead log itself, off its loop
# (engine/daemon/checkpoint.c): while events keep coming the log is copied
# into the database file and starts over instead of growing with
# everything written, every event is applied exactly once, and a clean stop
# leaves no log behind.  Both kinds of writers are driven: batches back to
# back, and concurrent single events (group commit).
. "$(dirname "$0")/lib.sh"

# Fewer of each under valgrind (E2E_WRAPPER), where every event is slow.
BATCHES=${CHECKPOINT_BATCHES:-20}
BATCH=500
SINGLES=${CHECKPOINT_SINGLES:-300}
STEP=50 # checkpoint_pages: small, so the run goes through many checkpoints

setup_rules
echo "checkpoint_pages = $STEP" >>"$WORK/bylawd.lua"
start_daemon
DB=$WORK/var/bylaw.db
size() { stat -c %s "$1" 2>/dev/null || echo 0; }
DB_START=$(size "$DB")

# batch_file K: batch K as a JSON array of BATCH new customers.
batch_file() {
  awk -v k="$1" -v n="$BATCH" 'BEGIN {
    printf "["
    for (i = 0; i < n; i++)
      printf "%s{\"id\":\"b%d-%d\",\"pack\":\"e2e\",\"type\":\"customer.upsert\",\"at\":\"2026-01-05T09:00:00+08:00\",\"data\":{\"id\":\"b%d-%d\",\"segment\":\"retail\",\"region\":\"west\",\"owner\":\"s1\"}}", (i ? "," : ""), k, i, k, i
    printf "]"
  }' >"$WORK/batch.json"
}

# The log's largest size on disk, looked at after every batch; with nothing
# checkpointing it would hold every page the run writes.
WAL_MAX=0
APPLIED=0
for k in $(seq 1 "$BATCHES"); do
  batch_file "$k"
  req POST /v1/events "$PACK_TOKEN" "@$WORK/batch.json"
  APPLIED=$((APPLIED + $(jqr '[.[] | select(.status == "applied")] | length')))
  wal=$(size "$DB-wal")
  [ "$wal" -gt "$WAL_MAX" ] && WAL_MAX=$wal
done
if [ "$APPLIED" -eq $((BATCHES * BATCH)) ]; then ok; else fail "batches: $APPLIED of $((BATCHES * BATCH)) applied"; fi

# Single events from 8 connections at once: they commit in groups.
: >"$WORK/singles.cfg"
for i in $(seq 1 "$SINGLES"); do
  [ "$i" -eq 1 ] || echo next >>"$WORK/singles.cfg"
  printf 'url = "%s/v1/events"\nheader = "Authorization: Bearer %s"\nheader = "Content-Type: application/json"\ndata = "%s"\noutput = "/dev/null"\nwrite-out = "%%{http_code}\\n"\n' \
    "$URL" "$PACK_TOKEN" "$(customer "s$i" retail | sed 's/"/\\"/g')" >>"$WORK/singles.cfg"
done
curl -sS --no-progress-meter -Z --parallel-max 8 -K "$WORK/singles.cfg" >"$WORK/singles.codes"
n200=$(grep -c '^200$' "$WORK/singles.codes")
if [ "$n200" -eq "$SINGLES" ]; then ok; else fail "single events: $n200 of $SINGLES answered 200"; fi
wal=$(size "$DB-wal")
[ "$wal" -gt "$WAL_MAX" ] && WAL_MAX=$wal

# Checkpoints ran, and copied pages into the database file while the
# daemon was still running.
req GET /metrics -
COMPLETE=$(sed -n 's/^bylaw_checkpoints_total{result="complete"} //p' "$WORK/body")
if [ "${COMPLETE:-0}" -ge 2 ]; then ok; else fail "checkpoints completed: ${COMPLETE:-none}"; fi
if grep -q '^bylaw_checkpoints_total{result="failed"} 0$' "$WORK/body"; then ok; else fail "a checkpoint failed"; fi
DB_RUNNING=$(size "$DB")
if [ "$DB_RUNNING" -gt $((DB_START + 1000000)) ]; then ok; else
  fail "database file $DB_START -> $DB_RUNNING bytes while running: nothing checkpointed"; fi
# The log started over again and again: at its largest it held a part of
# what was written, which is more than the database file's growth.
if [ "$WAL_MAX" -lt $(( (DB_RUNNING - DB_START) / 2 )) ]; then ok; else
  fail "the log reached $WAL_MAX bytes for $((DB_RUNNING - DB_START)) bytes of data"; fi

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
