#!/usr/bin/env bash
# Decision tables from spreadsheets: every family that takes rows reads them
# from a CSV (with Excel's byte-order mark and CRLF, quoted cells), and a bad
# table is refused with its file, line and column.
source "$(dirname "$0")/lib.bash"
P=$TMP/rules/t
mkdir -p "$P/spec"
printf 'pack { title = "csv" }\n' >"$P/pack.lua"
printf '\xef\xbb\xbfclass,revenue,segment,reason\r\nA,>= 500万元,,"key: ""big"", by revenue"\r\nB,,road|industrial,\r\nC,,,\r\n' >"$P/classes.csv"
cat >"$P/tiers.csv" <<'CSV'
amount,chain,mode,auto
<= 30000 yuan,,,yes
30000.01 yuan..100万元,manager,,
> 100万元,board+gm,all,
CSV
cat >"$P/cadence.csv" <<'CSV'
class,every,owner,escalate
A,1 month,account_owner,sales_gm
B,3 months,account_owner,
CSV
cat >"$P/ladder.csv" <<'CSV'
occurrence,action,amount,note
1,fine,20 yuan,
2,fine,40 yuan,
3,dismiss,,"third time
in a month"
CSV
cat >"$P/routes.csv" <<'CSV'
kind,to,form
quality|function,rd,产品质量缺陷报告单
,service,
CSV
cat >"$P/rules.lua" <<'LUA'
classify "class" { clause = "c1", measure = { revenue = function(c) return (c.attrs or {}).revenue end },
  rows = csv "classes.csv" }
approval "discounts" { clause = "c2", kind = "discount", rows = csv "tiers.csv" }
cadence "follow-up" { clause = "c3", rows = csv "cadence.csv" }
ladder "late" { clause = "c4", kind = "late", window = "calendar month", steps = csv "ladder.csv" }
route "complaints" { clause = "c5", rows = csv "routes.csv" }
LUA
cat >"$P/spec/tables.lua" <<'LUA'
spec "classes come from classes.csv" {
  at "2026-01-05 09:00" {
    customer { id = "big", attrs = { revenue = 500000000 } },
    customer { id = "small", attrs = { revenue = 499999999 } },
    customer { id = "road", segment = "road" },
  },
  expect { class = { big = "A", small = "C", road = "B" },
           customer { id = "big", class_reason = 'key: "big", by revenue' },
           task { customer = "big", due = "2026-02-05", escalate_to = "sales_gm" },
           task { customer = "road", due = "2026-04-05" } },
}
spec "approval tiers come from tiers.csv" {
  at "2026-01-05 09:00" {
    request { id = "r1", subject = "d", kind = "discount", amount = "30000 yuan" },
    request { id = "r2", subject = "d", kind = "discount", amount = "30000.01 yuan" },
    request { id = "r3", subject = "d", kind = "discount", amount = "1000000.01 yuan" },
  },
  expect { approval { id = "r1", status = "approved" },
           approval { id = "r2", status = "pending", chain = { "manager" } },
           approval { id = "r3", status = "pending", chain = { "board", "gm" }, mode = "all" } },
}
spec "the fine ladder comes from ladder.csv" {
  at "2026-01-05 08:40" { violation { staff = "s1", kind = "late" } },
  at "2026-01-06 08:40" { violation { staff = "s1", kind = "late" } },
  at "2026-01-07 08:40" { violation { staff = "s1", kind = "late" } },
  expect { fines { s1 = "60 yuan" }, penalty { staff = "s1", sanction = "dismiss", occurrence = 3 } },
}
spec "routes come from routes.csv" {
  at "2026-01-05 09:00" { complaint { id = "k1", kind = "function" }, complaint { id = "k2", kind = "price" } },
  expect { complaint { id = "k1", routed_to = "rd", form = "产品质量缺陷报告单" },
           complaint { id = "k2", routed_to = "service" } },
}
LUA
out=$("$BYLAW" test "$TMP/rules")
expect_contains "every table works" "$out" "4 passed, 0 failed"

# Bad tables: each refused with file, line and column.
bad() { # NAME FILE CONTENT EXPECTED
  printf '%s' "$3" >"$P/$2"
  set +e
  local got
  got=$("$BYLAW" check "$TMP/rules" 2>&1)
  set -e
  expect_contains "$1" "$got" "$4"
}
good_tiers=$(cat "$P/tiers.csv")
bad "a bad amount" tiers.csv $'amount,chain\n>= lots,gm\n' "tiers.csv line 2, column amount: "
bad "a row too short" tiers.csv $'amount,chain,mode\n> 5 yuan,gm\n' "tiers.csv line 2: 2 cells, but the header has 3 columns"
bad "an unclosed quote" tiers.csv $'amount,chain\n"> 5 yuan,gm\n' "tiers.csv line 2: a quoted field is never closed"
bad "a header used twice" tiers.csv $'amount,amount\n1,2\n' "tiers.csv line 1: column 'amount' appears twice"
printf '%s\n' "$good_tiers" >"$P/tiers.csv"
bad "a missing class" classes.csv $'class,segment\n,road\n' "classes.csv line 2, column class: empty"
printf 'class,segment\nA,road\n' >"$P/classes.csv"
bad "an unknown ladder action" ladder.csv $'action,amount\nflog,\n' "ladder.csv line 2, column action: 'flog' is not fine, dismiss, warn or sanction"
bad "not UTF-8" ladder.csv $'action,amount\nfine,20\xff\n' "ladder.csv: not UTF-8 text"
sed -i 's/steps = csv "ladder.csv"/steps = csv "..\/..\/etc.csv"/' "$P/rules.lua"
bad "no paths outside the pack" ladder.csv $'action,amount\nfine,20 yuan\n' "must be a file name in the pack folder"
finish
