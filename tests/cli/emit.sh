#!/usr/bin/env bash
# The CLI end to end on a temporary store with the real siwei pack: emit,
# duplicates, rejections, tick, query, explain, check, db backup and export.
source "$(dirname "$0")/lib.bash"
DB=$TMP/store/bylaw.db
R=$SRC/rules
cat >"$TMP/events.jsonl" <<'JSON'
{"id":"s1","pack":"siwei","type":"staff.upsert","at":"2026-01-01T09:00:00+08:00","data":{"id":"rm-west","role":"region_manager","region":"west"}}
{"id":"e1","pack":"siwei","type":"customer.upsert","at":"2026-01-05T09:00:00+08:00","data":{"id":"c1","name":"陕西高速","segment":"highway","region":"west"}}
{"id":"e2","pack":"siwei","type":"customer.upsert","at":"2026-01-05T09:00:00+08:00","data":{"id":"c2","segment":"secondary_road","owner":"s7"}}
JSON

set +e
out=$("$BYLAW" emit --db "$DB" --rules "$R" "$TMP/events.jsonl"); st=$?
set -e
expect_status "emit applies" 0 "$st"
expect_contains "emit prints one result a line" "$out" '{"event":"e1","pack":"siwei","status":"applied"'
expect_contains "highway is class A (第五条)" "$out" '"class":"A","reason":"重大客户: 高速公路系统"'
expect_contains "A is followed monthly by the region manager" "$out" '"due":"2026-02-05T09:00:00+08:00","owner":"rm-west"'
expect_contains "secondary road is class B" "$out" '"customer":"c2","class":"B"'
expect_contains "B is followed quarterly" "$out" '"due":"2026-04-05T09:00:00+08:00","owner":"s7"'

set +e
out=$("$BYLAW" emit --db "$DB" --rules "$R" <"$TMP/events.jsonl"); st=$?
set -e
expect_status "replaying is not a failure" 0 "$st"
expect_contains "replayed events are duplicates" "$out" '{"event":"e1","pack":"siwei","status":"duplicate","actions":[]'

set +e
out=$(echo '[{"id":"x1","pack":"siwei","type":"order.placed","at":"2026-01-06","data":{"id":"o1","customer":"c1","amount_fen":99.5}}]' |
  "$BYLAW" emit --db "$DB" --rules "$R" -); st=$?
set -e
expect_status "a rejected event exits 1" 1 "$st"
expect_contains "fractional fen is refused" "$out" '"field":"data.amount_fen"'

out=$("$BYLAW" tick --db "$DB" --rules "$R" --pack siwei --now "2026-02-06 09:00")
expect_contains "the overdue A follow-up is escalated" "$out" '"type":"escalate","rule":"overdue follow-ups","clause":"engine","task":1,"to":"sales_gm"'
out=$("$BYLAW" tick --db "$DB" --rules "$R" --pack siwei --now "2026-02-06 09:00")
expect_contains "the same tick twice is a duplicate" "$out" '"status":"duplicate"'

out=$("$BYLAW" query --db "$DB" --rules "$R" --pack siwei tasks status=escalated)
expect_contains "query shows a table" "$out" "escalated  sales_gm"
out=$("$BYLAW" query --db "$DB" --rules "$R" --pack siwei --json customers class=A)
expect_contains "query --json" "$out" '"total":1'

echo '{"id":"q1","pack":"siwei","type":"customer.upsert","at":"2026-02-07","data":{"id":"c9","segment":"large_industrial"}}' >"$TMP/one.json"
out=$("$BYLAW" explain --db "$DB" --rules "$R" "$TMP/one.json")
expect_contains "explain names the matching row" "$out" 'row 2 matched (segment = {"secondary_road", "large_industrial"}) -> class B'
out=$("$BYLAW" query --db "$DB" --rules "$R" --pack siwei --json customers id=c9)
expect_contains "explain writes nothing" "$out" '"total":0'

out=$("$BYLAW" db backup "$TMP/backup.db" --db "$DB" --rules "$R")
expect_contains "backup" "$out" "backed up to"
out=$("$BYLAW" db export --pack siwei --db "$TMP/backup.db" --rules "$R")
expect_contains "export of the backup has the events" "$out" '"id":"e2"'

out=$("$BYLAW" check "$R/siwei")
expect_contains "check a pack folder" "$out" '"pack":"siwei"'
mkdir -p "$TMP/bad/broken"
printf 'pack { title = "x" }\n' >"$TMP/bad/broken/pack.lua"
printf 'classify "c" {\n  clause = "x",\n  { class = "A", whan = {} } }\n' >"$TMP/bad/broken/rules.lua"
set +e
out=$("$BYLAW" check "$TMP/bad" 2>&1); st=$?
set -e
expect_status "check fails on a broken pack" 1 "$st"
expect_contains "check names file, line and rule" "$out" "broken/rules.lua:1: classify \"c\" row 1: unknown field 'whan'"

for cmd in check test emit tick explain query db; do
  out=$("$BYLAW" $cmd --help)
  expect_contains "$cmd --help" "$out" "usage: bylaw $cmd"
done
finish
