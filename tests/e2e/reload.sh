#!/usr/bin/env bash
# reload.sh - hot reload: a broken pack is refused (endpoint, file change,
# SIGHUP) with its error in /v1/packs and the log, while the old version
# keeps serving; a good change replaces it.
. "$(dirname "$0")/lib.sh"

setup_rules
start_daemon

req GET /v1/packs "$ADMIN_TOKEN"
OLD_VERSION=$(jqr ".[] | select(.pack == \"$E2E_PACK\") | .version")
[ -n "$OLD_VERSION" ] && ok || fail "no version for $E2E_PACK"

req POST /v1/events "$PACK_TOKEN" "$(customer r1 highway)"
expect_json '.status == "applied"' "event before the reload"

# Break the pack: a file that is not Lua.
printf 'this is not lua (\n' >"$WORK/rules/$E2E_PACK/zz_broken.lua"
req POST "/v1/packs/$E2E_PACK/reload" "$ADMIN_TOKEN"
expect_status 422 "reload of a broken pack"
expect_json '.error.field == "pack" and (.error.message | length > 0)' "the reload error says why"

req GET /v1/packs "$ADMIN_TOKEN"
expect_json ".[] | select(.pack == \"$E2E_PACK\") | .version == \"$OLD_VERSION\"" "old version still loaded"
expect_json ".[] | select(.pack == \"$E2E_PACK\") | .last_error != null" "the error is visible in /v1/packs"
if grep -q "reload refused" "$WORK/daemon.log"; then ok; else fail "no reload error in the log"; fi

req POST /v1/events "$PACK_TOKEN" "$(customer r2 highway)"
expect_status 200 "the old version keeps serving"
expect_json '.status == "applied"' "event after the refused reload"

# SIGHUP tries again and is refused again.
BEFORE=$(grep -c "reload refused" "$WORK/daemon.log")
kill -HUP "$DAEMON_PID"
for i in $(seq 1 100); do
  [ "$(grep -c "reload refused" "$WORK/daemon.log")" -gt "$BEFORE" ] && break
  sleep 0.1
done
if [ "$(grep -c "reload refused" "$WORK/daemon.log")" -gt "$BEFORE" ]; then ok; else fail "SIGHUP did not reload"; fi
req GET /v1/packs "$ADMIN_TOKEN"
expect_json ".[] | select(.pack == \"$E2E_PACK\") | .version == \"$OLD_VERSION\"" "old version kept after SIGHUP"

# A pack that loads but whose spec fails is refused too.
rm "$WORK/rules/$E2E_PACK/zz_broken.lua"
cat >"$WORK/rules/$E2E_PACK/spec/zz_wrong.lua" <<'LUA'
spec "a wrong expectation" {
  at "2026-01-05 09:00" { customer { id = "w1", segment = "highway" } },
  expect { class = { w1 = "C" } },
}
LUA
req POST "/v1/packs/$E2E_PACK/reload" "$ADMIN_TOKEN"
expect_status 422 "reload with a failing spec"
expect_json '.error.code == "BYLAW_ESPEC"' "the spec failure is named"
rm "$WORK/rules/$E2E_PACK/spec/zz_wrong.lua"
req GET /v1/packs "$ADMIN_TOKEN"
expect_json ".[] | select(.pack == \"$E2E_PACK\") | .version == \"$OLD_VERSION\"" "old version kept after the failing spec"

# Repair it with a real change: the folder watch reloads on its own.
printf -- '-- a comment changes the version hash\n' >"$WORK/rules/$E2E_PACK/zz_note.lua"
NEW_VERSION=$OLD_VERSION
for i in $(seq 1 100); do
  req GET /v1/packs "$ADMIN_TOKEN"
  NEW_VERSION=$(jqr ".[] | select(.pack == \"$E2E_PACK\") | .version")
  [ "$NEW_VERSION" != "$OLD_VERSION" ] && break
  sleep 0.1
done
if [ "$NEW_VERSION" != "$OLD_VERSION" ]; then ok; else fail "file change did not reload the pack"; fi
expect_json ".[] | select(.pack == \"$E2E_PACK\") | .last_error == null" "no error after a good reload"
if grep -q "reloaded (files changed" "$WORK/daemon.log"; then ok; else fail "no file-change reload in the log"; fi

req POST /v1/events "$PACK_TOKEN" "$(customer r3 highway)"
expect_json '.status == "applied"' "event on the new version"

req GET /metrics -
if grep -q '^bylaw_reloads_total{result="failed"} [1-9]' "$WORK/body"; then ok; else fail "metrics count failed reloads"; fi

stop_daemon
finish
