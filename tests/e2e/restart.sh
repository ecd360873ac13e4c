#!/usr/bin/env bash
# restart.sh - scheduled work survives a restart: a follow-up due while the
# daemon was down fires once when it comes back (the due time is read from
# the store), and restarting again does not fire it twice.
. "$(dirname "$0")/lib.sh"

setup_rules
start_daemon
# d1 is class B (follow-up every 3 months), d2 class C (every 6 months).
req POST /v1/events "$PACK_TOKEN" "[$(customer d1 secondary_road),$(customer d2 retail)]"
expect_json 'all(.[]; .status == "applied")' "customers before the restart"
req GET "/v1/tasks?customer=d1" "$PACK_TOKEN"
expect_status 200 "tasks of the customer"
expect_json '.total == 1' "a follow-up task is scheduled"
expect_json 'all(.rows[]; .status == "open")' "it is open"
stop_daemon

# Four months later: d1's follow-up fell due while the daemon was down.
E2E_CLOCK=2026-05-05T09:00:00+08:00 start_daemon
# Start-up runs what is due before serving; a zero advance runs anything
# left and answers only after it committed.
req POST /v1/clock "$ADMIN_TOKEN" '{"advance":0}'
expect_status 200 "clock"
req GET "/v1/tasks?customer=d1&status=overdue" "$PACK_TOKEN"
expect_status 200 "overdue tasks"
expect_json '.total == 1' "the task became overdue while the daemon was down"
req GET "/v1/tasks?customer=d2&status=open" "$PACK_TOKEN"
expect_json '.total == 1' "the task not yet due is still open"
# The start-up tick's log line and the metrics count its one action.
if grep -q "tick: 2 pack(s), 1 action(s)$" "$WORK/daemon.log"; then ok; else fail "no tick with its action in the log"; fi
req GET /metrics -
if grep -q '^bylaw_actions_total{type="mark_overdue"} 1$' "$WORK/body"; then ok; else fail "metrics count the tick's action"; fi
if grep -q '^bylaw_events_total{status="applied"} 2$' "$WORK/body"; then ok; else fail "metrics count the tick of each pack"; fi
req GET "/v1/actions?limit=1000" "$PACK_TOKEN"
ACTIONS_AFTER_FIRST=$(jqr '.total')
stop_daemon

E2E_CLOCK=2026-05-05T09:00:00+08:00 start_daemon
req POST /v1/clock "$ADMIN_TOKEN" '{"advance":0}'
expect_json '.ticks | length == 0' "nothing due again after a second restart"
req GET "/v1/actions?limit=1000" "$PACK_TOKEN"
expect_json ".total == $ACTIONS_AFTER_FIRST" "no firing repeated"

# Moving the clock on fires the next due work without waiting.
set_clock 2026-12-31T09:00:00+08:00
expect_json '.ticks | length >= 1' "the clock move ran a tick"
# The answer counts what each pack's tick did instead of listing it.
expect_json "[.ticks[] | select(.pack == \"$E2E_PACK\")] | length == 1 and (.[0] | .status == \"applied\"
  and .action_count == 1 and .action_types == {\"mark_overdue\": 1} and (has(\"actions\") | not))" \
  "the tick's summary counts d2's follow-up marked overdue"
req GET /metrics -
if grep -q '^bylaw_actions_total{type="mark_overdue"} 1$' "$WORK/body"; then ok; else fail "metrics count the clock move's action"; fi
req GET "/v1/tasks?customer=d2&status=overdue" "$PACK_TOKEN"
expect_json '.total == 1' "d2's follow-up is overdue once the clock passed it"
req GET "/v1/actions?limit=1000" "$PACK_TOKEN"
expect_json ".total > $ACTIONS_AFTER_FIRST" "later work fired when the clock moved"
stop_daemon
finish
