#!/usr/bin/env bash
# bylaw test --coverage names the rules no spec exercised.
source "$(dirname "$0")/lib.bash"
mkdir -p "$TMP/rules/p/spec"
printf 'pack { title = "coverage" }\n' >"$TMP/rules/p/pack.lua"
cat >"$TMP/rules/p/rules.lua" <<'LUA'
classify "class" { clause = "c1", { class = "A", when = { segment = "highway" } }, { class = "C" } }
ladder "late" { clause = "c2", kind = "late", window = "calendar month",
  steps = { fine "20 yuan", fine "40 yuan" } }
rule "refuses ghosts" { clause = "c3", on = "customer.upsert", when = { segment = "ghost" },
  run = function(ev) error("no ghosts") end }
LUA
cat >"$TMP/rules/p/spec/class.lua" <<'LUA'
spec "highway is A" {
  at "2026-01-05 09:00" { customer { id = "c1", segment = "highway" } },
  expect { class = { c1 = "A" } },
  at "2026-01-06 09:00" { customer { id = "c2", segment = "ghost" } },
  expect { rejected "no ghosts" },
}
LUA
out=$("$BYLAW" test --coverage "$TMP/rules")
expect_contains "counts" "$out" "coverage p: 2 of 3 rules exercised (66%)"
expect_contains "names the rule never exercised" "$out" "never exercised: late"
expect_contains "the summary line comes last" "$(echo "$out" | tail -1)" "1 passed, 0 failed"
finish
