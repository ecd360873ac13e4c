#!/usr/bin/env bash
# bylaw replay of money and approval routing, worked out by hand.
#   realty 第二条: untruthful listing is a 50-yuan fine each time; the
#   candidate makes it 80.  s1 twice, s2 once: live 100 and 50 yuan
#   (10000 and 5000 fen), candidate 160 and 80 yuan (16000 and 8000 fen).
#   s1 is also fined 200 yuan once for malicious competition (第一条),
#   which the candidate leaves as it was: the event is the same in both
#   logs, and its 20000 fen still count on both sides of s1's total (live
#   30000 fen, candidate 36000).
#   cosl 14.4: activities over 30,000 yuan need head-office marketing; the
#   candidate raises the line to 50,000.  a1 (40,000 yuan) goes from
#   head-office marketing to automatic approval; a2 (60,000 yuan) stays.
source "$(dirname "$0")/lib.bash"
DB=$TMP/live.db
cp -r "$SRC/rules" "$TMP/cand"
sed -i 's/untruthful_fine = "50 yuan"/untruthful_fine = "80 yuan"/' "$TMP/cand/realty/pack.lua"
sed -i 's/activity_approval_above = "30000 yuan"/activity_approval_above = "50000 yuan"/' \
  "$TMP/cand/cosl/pack.lua"
plan='"attrs":{"name":"客户答谢会","place":"天津","time":"2026-04-18","customers":24,"key_people":"经理","gifts":"纪念品","hosts":"市场营销部","materials":"技术资料","planned":true}'
cat >"$TMP/events.jsonl" <<JSON
{"id":"v1","pack":"realty","type":"violation.reported","at":"2026-03-02T10:00:00+08:00","data":{"staff":"s1","kind":"untruthful_listing"}}
{"id":"v2","pack":"realty","type":"violation.reported","at":"2026-03-02T10:00:00+08:00","data":{"staff":"s2","kind":"untruthful_listing"}}
{"id":"v3","pack":"realty","type":"violation.reported","at":"2026-03-05T10:00:00+08:00","data":{"staff":"s1","kind":"untruthful_listing"}}
{"id":"v4","pack":"realty","type":"violation.reported","at":"2026-03-03T10:00:00+08:00","data":{"staff":"s1","kind":"malicious_competition"}}
{"id":"r1","pack":"cosl","type":"approval.requested","at":"2026-03-10T10:00:00+08:00","data":{"id":"a1","kind":"care_activity","subject":"care","requested_by":"hq1","amount_fen":4000000,$plan}}
{"id":"r2","pack":"cosl","type":"approval.requested","at":"2026-03-11T10:00:00+08:00","data":{"id":"a2","kind":"care_activity","subject":"care","requested_by":"hq1","amount_fen":6000000,$plan}}
JSON
"$BYLAW" emit --db "$DB" --rules "$SRC/rules" "$TMP/events.jsonl" >/dev/null

out=$("$BYLAW" replay --db "$DB" --rules "$TMP/cand" --pack realty --json)
expect_contains "s1's two fines at 80 yuan, and the same 200" "$out" '{"type":"fine","staff":"s1","live_count":3,"live_fen":30000,"candidate_count":3,"candidate_fen":36000,"diff":"money"}'
expect_contains "s2's fine at 80 yuan" "$out" '{"type":"fine","staff":"s2","live_count":1,"live_fen":5000,"candidate_count":1,"candidate_fen":8000,"diff":"money"}'
expect_contains "fine totals" "$out" '"fine":{"live_count":4,"live_fen":35000,"candidate_count":4,"candidate_fen":44000}'

out=$("$BYLAW" replay --db "$DB" --rules "$TMP/cand" --pack cosl --json)
expect_contains "a1 no longer needs head-office marketing" "$out" '{"approval":"a1","live":"all of [\"hq_marketing_head\"]","candidate":"automatic","diff":"approvals"}'
expect_contains "only a1 changes" "$out" '"approvals_changed":1,'
finish
