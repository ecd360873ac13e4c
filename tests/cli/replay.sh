#!/usr/bin/env bash
# bylaw replay on a change worked out by hand.  Live history: siwei as
# shipped.  Candidate: A customers followed every 2 weeks instead of monthly
# (param a_every), and large industrial customers made class A.
#   c1 highway, 2026-01-05 09:00: A both; task due 02-05 live, 01-19 candidate
#   c2 large_industrial, same time: B live (due 04-05), A candidate (due 01-19)
#   c3 secondary_road, 01-06: B both (due 04-06): no difference
# So: 1 class change (c2 B -> A), 2 tasks added, 2 removed, money unchanged.
source "$(dirname "$0")/lib.bash"
DB=$TMP/live.db
cp -r "$SRC/rules" "$TMP/cand"
sed -i 's/a_every = "1 month"/a_every = "2 weeks"/' "$TMP/cand/siwei/pack.lua"
sed -i 's/{ class = "B", when = { segment = { "secondary_road", "large_industrial" } },/{ class = "A", when = { segment = "large_industrial" } },\n  { class = "B", when = { segment = "secondary_road" },/' \
  "$TMP/cand/siwei/classify.lua"
cat >"$TMP/events.jsonl" <<'JSON'
{"id":"s1","pack":"siwei","type":"staff.upsert","at":"2026-01-01T09:00:00+08:00","data":{"id":"rm-west","role":"region_manager","region":"west"}}
{"id":"e1","pack":"siwei","type":"customer.upsert","at":"2026-01-05T09:00:00+08:00","data":{"id":"c1","segment":"highway","region":"west"}}
{"id":"e2","pack":"siwei","type":"customer.upsert","at":"2026-01-05T09:00:00+08:00","data":{"id":"c2","segment":"large_industrial","owner":"s7","region":"west"}}
{"id":"e3","pack":"siwei","type":"customer.upsert","at":"2026-01-06T09:00:00+08:00","data":{"id":"c3","segment":"secondary_road","owner":"s8"}}
JSON
"$BYLAW" emit --db "$DB" --rules "$SRC/rules" "$TMP/events.jsonl" >/dev/null
"$BYLAW" tick --db "$DB" --rules "$SRC/rules" --now 2026-03-01 >/dev/null
before=$(sha256sum "$DB")

out=$("$BYLAW" replay --db "$DB" --rules "$TMP/cand" --pack siwei --json)
expect_contains "c2 changes class" "$out" '{"customer":"c2","live":"B","candidate":"A","diff":"classes"}'
expect_contains "c1's monthly task is gone" "$out" '{"customer":"c1","kind":"follow-up by class","due":"2026-02-05T09:00:00+08:00","live":1,"candidate":0,"diff":"tasks"}'
expect_contains "c1 gets a task in 2 weeks" "$out" '{"customer":"c1","kind":"follow-up by class","due":"2026-01-19T09:00:00+08:00","live":0,"candidate":1,"diff":"tasks"}'
expect_contains "c2's quarterly task is gone" "$out" '{"customer":"c2","kind":"follow-up by class","due":"2026-04-05T09:00:00+08:00","live":1,"candidate":0,"diff":"tasks"}'
expect_contains "c2 gets a task in 2 weeks" "$out" '{"customer":"c2","kind":"follow-up by class","due":"2026-01-19T09:00:00+08:00","live":0,"candidate":1,"diff":"tasks"}'
expect_contains "summary" "$out" '{"rejected":0,"classes_changed":1,"tasks_added":2,"tasks_removed":2,"approvals_changed":0,"fine":{"live_count":0,"live_fen":0,"candidate_count":0,"candidate_fen":0}'
checks=$((checks + 1))
if [[ "$out" == *'"customer":"c3"'* ]]; then echo "FAIL c3 should not differ"; failures=$((failures + 1)); fi

out=$("$BYLAW" replay --db "$DB" --rules "$TMP/cand" --pack siwei --from 2026-01-06 --to 2026-01-31)
expect_contains "a window sees only c3's event: no task change" "$out" "follow-up tasks added                 0"
expect_contains "a window still sees the class at its end" "$out" "c2: B -> A"

out=$("$BYLAW" replay --db "$DB" --rules "$SRC/rules" --pack siwei --json)
expect_contains "the same rules replay to no difference" "$out" '{"rejected":0,"classes_changed":0,"tasks_added":0,"tasks_removed":0,"approvals_changed":0'

checks=$((checks + 1))
if [ "$before" != "$(sha256sum "$DB")" ]; then echo "FAIL replay wrote to the live store"; failures=$((failures + 1)); fi

# A store in memory has no file to read the history from.
st=0
out=$("$BYLAW" replay --db :memory: --rules "$SRC/rules" --pack siwei 2>&1) || st=$?
expect_status "replay of a store in memory is refused" 1 "$st"
expect_contains "and says why" "$out" "a store in memory has none: use a store on disk"

out=$("$BYLAW" explain --db "$DB" --rules "$SRC/rules" --pack siwei e2)
expect_contains "explain a stored event" "$out" 'row 2 matched (segment = {"secondary_road", "large_industrial"}) -> class B'
# An approval routed to another signer.  The rule emits require_approval
# with no mode, as a pack's own rule may (the store files it as "all"):
# discounts over 30% go to the general manager, over 15% to the sales
# director; the candidate sends over 25% to the general manager, so of a
# 28% and a 20% discount only the first is routed differently.
mkdir -p "$TMP/appr-live/shop" "$TMP/appr-cand/shop"
cat >"$TMP/appr-live/shop/pack.lua" <<'LUA'
pack { title = "replay test: discount approvals", timezone = "+08:00", params = { gm_above = 30 } }
LUA
cat >"$TMP/appr-live/shop/discounts.lua" <<'LUA'
rule "discount approval" {
  clause = "test",
  on = "order.placed",
  run = function(ev)
    local pct = ev.data.attrs.discount_pct
    local signer = pct > param.gm_above and "general_manager" or pct > 15 and "sales_director" or nil
    if signer == nil then return {} end
    return { require_approval { approval = "discount:" .. ev.data.id, chain = { signer },
                                kind = "discount", customer = ev.data.customer } }
  end,
}
LUA
cp "$TMP/appr-live/shop/discounts.lua" "$TMP/appr-cand/shop/"
sed 's/gm_above = 30/gm_above = 25/' "$TMP/appr-live/shop/pack.lua" >"$TMP/appr-cand/shop/pack.lua"
cat >"$TMP/appr.jsonl" <<'JSON'
{"id":"c1","pack":"shop","type":"customer.upsert","at":"2026-01-05T09:00:00+08:00","data":{"id":"c1"}}
{"id":"o1","pack":"shop","type":"order.placed","at":"2026-01-05T10:00:00+08:00","data":{"id":"o1","customer":"c1","amount_fen":100000,"attrs":{"discount_pct":28}}}
{"id":"o2","pack":"shop","type":"order.placed","at":"2026-01-05T11:00:00+08:00","data":{"id":"o2","customer":"c1","amount_fen":100000,"attrs":{"discount_pct":20}}}
JSON
"$BYLAW" emit --db "$TMP/appr.db" --rules "$TMP/appr-live" "$TMP/appr.jsonl" >/dev/null
out=$("$BYLAW" replay --db "$TMP/appr.db" --rules "$TMP/appr-cand" --pack shop --json)
expect_contains "the 28% discount goes to the general manager" "$out" \
  '{"approval":"discount:o1","live":"all of [\"sales_director\"]","candidate":"all of [\"general_manager\"]","diff":"approvals"}'
expect_contains "one approval routed differently" "$out" '"approvals_changed":1,'
out=$("$BYLAW" replay --db "$TMP/appr.db" --rules "$TMP/appr-live" --pack shop --json)
expect_contains "the same approval rules replay to no difference" "$out" '"approvals_changed":0,'
finish
