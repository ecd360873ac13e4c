#!/usr/bin/env bash
# bylaw lint on a pack with one mistake of each kind it knows, and on the
# shipped packs, which must be clean.
source "$(dirname "$0")/lib.bash"
mkdir -p "$TMP/rules/bad"
cat >"$TMP/rules/bad/pack.lua" <<'LUA'
pack { title = "lint test", params = { unused_one = 5, used_one = "1 month" } }
LUA
cat >"$TMP/rules/bad/rules.lua" <<'LUA'
classify "by revenue" {
  clause = "x",
  { class = "A", when = { revenue = at_least "500万元" } },
  { class = "B", when = { revenue = between("100万元", "600万元") } },
  { class = "C", when = { revenue = less_than "50万元" } },
}
classify "by segment" {
  clause = "y",
  { class = "A", when = { segment = "highway" } },
  { class = "B", when = { segment = { "road", "highway" } } },
  { class = "C" },
  { class = "D", when = { segment = "x" } },
}
classify "cascade" { clause = "s",
  { class = "A", when = { score = at_least(60) } },
  { class = "B", when = { score = at_least(80) } },
  { class = "C" } }
cadence "cadence" { clause = "z", A = { every = param.used_one } }
approval "tiers" { clause = "w", kind = "discount",
  { amount = at_most "10000 yuan", auto = true },
  { amount = between("20000 yuan", "50000 yuan"), chain = { "manager" } },
  { amount = more_than "40000 yuan", chain = { "gm" } },
}
LUA
set +e
out=$("$BYLAW" lint "$TMP/rules"); st=$?
set -e
expect_status "lint fails on warnings" 1 "$st"
expect_contains "unused parameter" "$out" "warning: pack bad: parameter 'unused_one' is declared but never used"
expect_contains "a revenue gap (50万 to 100万 yuan)" "$out" 'rule "by revenue": revenue from 50000000 to 99999999 matches no row'
expect_contains "a row after the default" "$out" 'rule "by segment": row 4 (class D) can never match: row 3 before it matches every customer'
expect_contains "a value matched twice" "$out" 'row 2: segment = "highway" is already matched by row 1'
expect_contains "a shadowed range" "$out" 'rule "cascade": row 2 can never match: rows before it take every score from 80 to +inf'
expect_contains "a cadence without owner" "$out" 'rule "cadence": A has no owner'
expect_contains "an approval gap" "$out" 'amounts from 10000.01 yuan to 19999.99 yuan match no row'
checks=$((checks + 1))
if [[ "$out" == *'overlap'* ]]; then echo "FAIL a cascade's partial overlap is not a warning"; failures=$((failures + 1)); fi
out=$("$BYLAW" check "$TMP/rules")
expect_contains "check shows lint warnings but passes" "$out" "warning: "
set +e
out=$("$BYLAW" lint "$SRC/rules"); st=$?
set -e
expect_status "the shipped packs are lint-clean" 0 "$st"
finish
