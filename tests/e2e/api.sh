#!/usr/bin/env bash
# api.sh - every endpoint of bylawd, with its tokens: events single and
# batch (idempotent by id), packs, customers, tasks, approvals and the
# decision endpoint, penalties, actions (paged), healthz, metrics, backup,
# the bench constant, and the error shape of each failure.
. "$(dirname "$0")/lib.sh"

setup_rules
start_daemon --bench

# --- public endpoints --------------------------------------------------------
req GET /healthz -
expect_status 200 "healthz"
expect_json '.status == "ok"' "healthz body"

req GET /metrics -
expect_status 200 "metrics"
for m in bylaw_events_total bylaw_actions_total bylaw_rule_errors_total \
  bylaw_event_seconds_bucket bylaw_reloads_total bylaw_store_bytes; do
  if grep -q "^# TYPE $m\|^$m" "$WORK/body"; then ok; else fail "metrics lacks $m"; fi
done

req GET /bench -
expect_status 200 "bench"
expect_json '.ok == true' "bench body"

# --- authentication ------------------------------------------------------------
req GET /v1/packs -
expect_status 401 "packs without a token"
expect_json '.error.code == "unauthorized" and (.error | has("message") and has("field"))' "401 error shape"
req GET /v1/packs not-a-known-token
expect_status 401 "packs with an unknown token"

req GET /v1/packs "$ADMIN_TOKEN"
expect_status 200 "packs (admin)"
expect_json "map(.pack) | index(\"$E2E_PACK\") != null and index(\"other\") != null" "admin sees every pack"
expect_json '.[0] | has("version") and has("loaded_at") and has("rules") and has("last_error")' "pack status fields"

req GET /v1/packs "$PACK_TOKEN"
expect_status 200 "packs (pack token)"
expect_json "map(.pack) == [\"$E2E_PACK\"]" "a pack token sees its own pack only"

req POST "/v1/packs/$E2E_PACK/reload" "$PACK_TOKEN"
expect_status 403 "reload needs the admin token"
expect_json '.error.code == "forbidden"' "403 error shape"

# --- events ----------------------------------------------------------------------
ONE=$(customer c1 highway)
req POST /v1/events "$PACK_TOKEN" "$ONE"
expect_status 200 "single event"
expect_json '.event == "cust-c1" and .status == "applied" and (.actions | type == "array")' "single event result"
FIRST_ACTIONS=$(jqr '.actions | length')

req POST /v1/events "$PACK_TOKEN" "$ONE"
expect_status 200 "same event again"
expect_json '.status == "duplicate"' "a retried event is a duplicate"

req POST /v1/events "$OTHER_TOKEN" "$ONE"
expect_status 403 "event for another pack's token"
expect_json '.error.field == "[0].pack"' "403 names the event"

req POST /v1/events "$PACK_TOKEN" "[$(customer c2 secondary_road),$(customer c3 retail),$(customer c4 highway)]"
expect_status 200 "batch"
expect_json 'length == 3 and all(.[]; .status == "applied")' "batch results, in order"
expect_json '[.[].event] == ["cust-c2","cust-c3","cust-c4"]' "batch order"

req POST /v1/events "$PACK_TOKEN" "[$(customer c5 highway),$(customer c5 highway | sed 's/Customer/Changed/')]"
expect_status 200 "batch with a conflicting id"
expect_json '.[0].status == "applied" and .[1].status == "rejected"' "same id, other body is rejected"

req POST /v1/events "$PACK_TOKEN" '{"id":"bad-1","pack":"'"$E2E_PACK"'","at":"2026-01-05T09:00:00+08:00","data":{}}'
expect_json '.status == "rejected" and (.error.code != null)' "an event without a type is rejected"
if [ "$STATUS" -ge 400 ] && [ "$STATUS" -lt 500 ]; then ok; else fail "rejected event status $STATUS"; fi

req POST /v1/events "$PACK_TOKEN" '{"id": "x", '
expect_status 400 "broken JSON"
expect_json '.error.code == "bad_json"' "broken JSON code"

req POST /v1/events "$PACK_TOKEN" '"just a string"'
expect_status 400 "neither object nor array"

req POST /v1/events "$PACK_TOKEN" '[]'
expect_status 400 "empty batch"

req GET /v1/events "$PACK_TOKEN"
expect_status 405 "GET on the events endpoint"
req GET /v1/nothing-here "$PACK_TOKEN"
expect_status 404 "unknown endpoint"
expect_json '.error.code == "not_found"' "404 shape"

# --- reads ---------------------------------------------------------------------------
req GET /v1/customers/c1 "$PACK_TOKEN"
expect_status 200 "one customer"
expect_json '.id == "c1"' "customer by id"
req GET /v1/customers/c1 "$OTHER_TOKEN"
expect_status 404 "the other pack has no such customer"
req GET "/v1/customers/c1?pack=$E2E_PACK" "$OTHER_TOKEN"
expect_status 403 "reading another pack"
req GET /v1/customers/nobody "$PACK_TOKEN"
expect_status 404 "unknown customer"
expect_json '.error.code == "BYLAW_ENOTFOUND"' "404 from the store"
req GET /v1/customers/c1 "$ADMIN_TOKEN"
expect_status 400 "admin must name the pack"
expect_json '.error.field == "pack"' "missing pack is named"
req GET "/v1/customers/c1?pack=$E2E_PACK" "$ADMIN_TOKEN"
expect_status 200 "admin names the pack"

req GET "/v1/customers?class=A" "$PACK_TOKEN"
expect_status 200 "customers by class"
expect_json '(.rows | type == "array") and (.total | type == "number")' "list shape"
expect_json 'all(.rows[]; .class == "A")' "class filter"
req GET "/v1/customers?limit=1&offset=0" "$PACK_TOKEN"
expect_status 200 "paged customers"
expect_json '(.rows | length) == 1 and .total >= 4' "limit and total"
req GET "/v1/customers?limit=-1" "$PACK_TOKEN"
expect_status 400 "bad limit"
expect_json '.error.field == "limit"' "bad limit is named"
req GET "/v1/customers?no_such_column=1" "$PACK_TOKEN"
expect_status 400 "unknown filter column"

req GET "/v1/tasks?status=open" "$PACK_TOKEN"
expect_status 200 "open tasks"
expect_json 'all(.rows[]; .status == "open")' "task status filter"
req GET "/v1/approvals?status=pending" "$PACK_TOKEN"
expect_status 200 "pending approvals"
req GET "/v1/penalties?staff=s1" "$PACK_TOKEN"
expect_status 200 "penalties of a staff member"
req GET "/v1/actions?event=cust-c1" "$PACK_TOKEN"
expect_status 200 "actions of one event"
expect_json ".total == $FIRST_ACTIONS" "the action log holds the event's actions once"
req GET "/v1/actions?event=cust-c1&explain=1" "$PACK_TOKEN"
expect_status 200 "explain a stored event"
expect_json '.status == "explained" and (.rules | length) > 0' "every rule says what it saw"
expect_json "(.actions | length) == $FIRST_ACTIONS" "explain shows the event's actions again"
req GET "/v1/actions?event=no-such-event&explain=1" "$PACK_TOKEN"
expect_status 404 "explain an unknown event"

# --- approval decisions -------------------------------------------------------------------
req POST /v1/approvals/no-such-approval/decision "$PACK_TOKEN" '{"decision":"approve","by":"s1"}'
expect_status 404 "decision on an unknown approval"
expect_json '.error.field == "approval"' "unknown approval is named"
req POST /v1/approvals/ap1/decision "$PACK_TOKEN" '{"decision":"maybe","by":"s1"}'
expect_status 400 "bad decision"
expect_json '.error.field == "decision"' "bad decision is named"
req POST /v1/approvals/ap1/decision "$PACK_TOKEN" '{"decision":"approve"}'
expect_status 400 "decision without by"
expect_json '.error.field == "by"' "missing by is named"
req POST "/v1/approvals/ap1/decision?pack=$E2E_PACK" "$OTHER_TOKEN" '{"decision":"approve","by":"s1"}'
expect_status 403 "decision in another pack"

# A discount request the pack sends to a sales manager for sign-off.
req POST /v1/events "$PACK_TOKEN" "[$(event staff-m1 staff.upsert 2026-01-05T08:00:00+08:00 \
  '{"id":"m1","name":"Manager","role":"sales_manager","region":"west"}'),$(event appr-req-1 approval.requested 2026-01-05T10:00:00+08:00 \
  '{"id":"ap1","kind":"discount","subject":"10% off","customer":"c1","amount_fen":500000}')]"
expect_json 'all(.[]; .status == "applied")' "staff and approval request"
req GET "/v1/approvals?status=pending" "$PACK_TOKEN"
expect_status 200 "pending approvals"
expect_json '[.rows[].id] == ["ap1"]' "the request waits for sign-off"
req POST /v1/approvals/ap1/decision "$PACK_TOKEN" '{"decision":"approve","by":"m1","id":"dec-1"}'
expect_status 200 "decision"
expect_json '.event == "dec-1" and .status == "applied"' "the decision became an event"
expect_json '[.actions[].type] | index("approve") != null' "the decision approved"
# Same id, same (frozen) clock: the retry is the same event.
req POST /v1/approvals/ap1/decision "$PACK_TOKEN" '{"decision":"approve","by":"m1","id":"dec-1"}'
expect_status 200 "retried decision"
expect_json '.status == "duplicate"' "a retried decision is a duplicate"
req GET "/v1/approvals?status=pending" "$PACK_TOKEN"
expect_json '.total == 0' "nothing pending any more"
req GET "/v1/actions?event=dec-1" "$PACK_TOKEN"
expect_status 200 "actions of the decision"
expect_json '.total >= 1' "the decision is in the action log"
# A second decision on a decided approval is refused by the engine.
req POST /v1/approvals/ap1/decision "$PACK_TOKEN" '{"decision":"reject","by":"m1"}'
expect_json '.status == "rejected"' "deciding twice is rejected"

# --- admin -----------------------------------------------------------------------------------
req POST "/v1/packs/$E2E_PACK/reload" "$ADMIN_TOKEN"
expect_status 200 "reload"
expect_json ".pack == \"$E2E_PACK\" and .status == \"reloaded\"" "reload body"
req POST /v1/packs/no-such-pack/reload "$ADMIN_TOKEN"
if [ "$STATUS" -ge 400 ] && [ "$STATUS" -lt 500 ]; then ok; else fail "reload of an unknown pack: $STATUS"; fi

req POST /v1/admin/backup "$PACK_TOKEN"
expect_status 403 "backup needs the admin token"
req POST /v1/admin/backup "$ADMIN_TOKEN" "{\"path\":\"$WORK/var/copy.db\"}"
expect_status 200 "backup"
if [ -s "$WORK/var/copy.db" ] && head -c 15 "$WORK/var/copy.db" | grep -q "SQLite format 3"; then ok; else fail "backup file is not an SQLite database"; fi

req GET /v1/clock "$PACK_TOKEN"
expect_status 403 "the test clock needs the admin token"
req GET /v1/clock "$ADMIN_TOKEN"
expect_status 200 "read the test clock"
expect_json '.unix > 0' "clock reading"
req POST /v1/clock "$ADMIN_TOKEN" '{"now":"2020-01-01T00:00:00Z"}'
expect_status 400 "the clock never goes back"

req GET /metrics -
if grep -q '^bylaw_events_total{status="applied"} [1-9]' "$WORK/body"; then ok; else fail "metrics count applied events"; fi
if grep -q '^bylaw_events_total{status="duplicate"} [1-9]' "$WORK/body"; then ok; else fail "metrics count duplicates"; fi
if grep -q '^bylaw_reloads_total{result="ok"} [1-9]' "$WORK/body"; then ok; else fail "metrics count reloads"; fi

stop_daemon
if grep -q "stopped" "$WORK/daemon.log"; then ok; else fail "no stop line in the log"; fi
finish
