#!/usr/bin/env bash
# scripts.sh - the maintenance scripts against a running daemon:
# scripts/backup writes an SQLite copy while the daemon serves and prunes
# old copies; the sample config is accepted by bylawd --check-config.
. "$(dirname "$0")/lib.sh"
SCRIPTS=${BYLAW_SCRIPTS:-scripts}

setup_rules
start_daemon
req POST /v1/events "$PACK_TOKEN" "$(customer s1 highway)"
expect_json '.status == "applied"' "an event to back up"

mkdir -p "$WORK/backups"
for i in 1 2 3; do : >"$WORK/backups/bylaw-2020010${i}T000000Z.db"; done
if BYLAWD_URL=$URL BYLAWD_ADMIN_TOKEN=$ADMIN_TOKEN "$SCRIPTS/backup" --dir "$WORK/backups" --keep 2 >"$WORK/backup.out"; then ok; else fail "backup script failed: $(cat "$WORK/backup.out")"; fi
NEWEST=$(ls -1 "$WORK/backups"/bylaw-*.db | sort | tail -1)
if head -c 15 "$NEWEST" | grep -q "SQLite format 3"; then ok; else fail "backup is not an SQLite file"; fi
COUNT=$(ls -1 "$WORK/backups"/bylaw-*.db | wc -l)
if [ "$COUNT" = 2 ]; then ok; else fail "expected 2 backups kept, found $COUNT"; fi

if BYLAWD_URL=$URL BYLAWD_ADMIN_TOKEN=$PACK_TOKEN "$SCRIPTS/backup" --dir "$WORK/backups" >/dev/null 2>&1; then
  fail "backup with a pack token succeeded"
else ok; fi

if "$BYLAWD" --config "$SCRIPTS/bylawd.lua" --check-config >"$WORK/check.out"; then ok; else fail "sample config refused"; fi
if grep -q 'listen = "127.0.0.1:8080"' "$WORK/check.out"; then ok; else fail "sample config not read"; fi
printf 'lisen = "x"\n' >"$WORK/typo.lua"
if "$BYLAWD" --config "$WORK/typo.lua" --check-config 2>"$WORK/typo.err"; then fail "typo accepted"; else ok; fi
if grep -q "unknown option 'lisen'" "$WORK/typo.err"; then ok; else fail "typo not named: $(cat "$WORK/typo.err")"; fi
if "$BYLAWD" --help | grep -q -- "--config"; then ok; else fail "--help"; fi

stop_daemon
finish
