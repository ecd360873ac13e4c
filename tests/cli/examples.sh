#!/usr/bin/env bash
# The sample data in examples/<pack>/events.jsonl stays valid for its pack:
# every event of every sample is applied (none rejected), and a few
# concrete results per pack come out as examples/README.md says.
source "$(dirname "$0")/lib.bash"
R=$SRC/rules
EX=$SRC/examples

# Emits one pack's sample into its own store; sets $out and $db.
emit_sample() {
  db=$TMP/$1.db
  set +e
  out=$("$BYLAW" emit --db "$db" --rules "$R" "$EX/$1/events.jsonl"); local st=$?
  set -e
  expect_status "$1: the sample emits without a rejection" 0 "$st"
  checks=$((checks + 1))
  if grep -q '"status":"rejected"' <<<"$out"; then
    echo "FAIL $1: rejected events:"
    grep '"status":"rejected"' <<<"$out" | head -5
    failures=$((failures + 1))
  fi
  local lines events
  lines=$(grep -c '"status":"applied"' <<<"$out" || true)
  events=$(grep -c . "$EX/$1/events.jsonl")
  expect_status "$1: every event is applied" "$events" "$lines"
}

q() { "$BYLAW" query --db "$db" --rules "$R" --pack "$1" --json "${@:2}"; }
tick() { "$BYLAW" tick --db "$db" --rules "$R" --pack "$1" --now "$2"; }

# Every pack has a sample.
for dir in "$R"/*/; do
  p=$(basename "$dir")
  checks=$((checks + 1))
  if [ ! -s "$EX/$p/events.jsonl" ]; then
    echo "FAIL $p has no examples/$p/events.jsonl"
    failures=$((failures + 1))
  fi
done

emit_sample siwei
expect_contains "siwei: highway is A (第五条)" "$(q siwei customers id=c01)" '"class":"A","class_reason":"重大客户: 高速公路系统"'
expect_contains "siwei: large industrial is B" "$(q siwei customers id=c14)" '"class":"B"'
expect_contains "siwei: an A follow-up without contact changes is incomplete (第十二条)" "$out" 'follow-up is incomplete, missing: contact_changes'
expect_contains "siwei: class-1 demand not followed weekly is escalated (第九条)" \
  "$(q siwei tasks customer=c15 status=escalated)" '"escalated_to":"sales_gm"'
expect_contains "siwei: paid service refused by the marketing supervisor (二.三)" \
  "$(q siwei approvals id=paid-service:k05)" '"status":"rejected"'
expect_contains "siwei: quality complaints go to R&D with the defect report" "$out" \
  '"complaint":"k01","to":"rd_design_production","form":"产品质量缺陷报告单"'

emit_sample salesvc
expect_contains "salesvc: a visit filed on the visit day is refused (四(一)3)" \
  "$(q salesvc approvals id=v4)" '"status":"rejected"'
expect_contains "salesvc: unreported corrective measures escalate to quality inspection (四(三)4)" \
  "$(q salesvc tasks customer=c25 status=escalated)" '"escalated_to":"quality_inspection"'

emit_sample realty
expect_contains "realty: a viewing without approval is fined 50 yuan (第四条)" \
  "$(q realty penalties staff=k06)" '"amount_fen":5000'
expect_contains "realty: no commission on a customer entered late (第二条)" "$out" \
  'no commission for k05 on deal o02'
out=$(tick realty "2026-04-01 09:00")
expect_contains "realty: meeting the month's target is rewarded (第七条)" "$out" \
  '"staff":"k01","amount_fen":30000,"reason":"第七条 完成销售任务 2026-03"'

emit_sample optics
expect_contains "optics: a special contract is countersigned, checked and approved (4.6.2 b)" \
  "$(q optics approvals id=r02)" '"chain":["quality_head","production_head","purchasing_head","commercial_head","general_manager"]'
expect_contains "optics: selling below price without permission is reported (4.1.6)" "$out" \
  'order o02 by s02'
expect_contains "optics: the customer consented to the change (4.8.2)" \
  "$(q optics approvals id=ch1)" '"status":"approved"'

emit_sample kangdun
expect_contains "kangdun: large with good credit is A (四.1)" "$(q kangdun customers id=c01)" '"class":"A"'
expect_contains "kangdun: bad credit is D" "$(q kangdun customers id=c05)" '"class":"D"'
expect_contains "kangdun: 2% of collected money plus 50% above the company price (五.2)" "$out" \
  '"staff":"s03","amount_fen":145000,"reason":"提成 o02"'
expect_contains "kangdun: a claim after a week is refused (六.2)" "$out" '未于出差结束后一周内报销'
out=$(tick kangdun "2026-04-01 09:00")
expect_contains "kangdun: the month's top collector gets the first bonus (五.4)" "$out" \
  '"staff":"s07","amount_fen":100000,"reason":"月回款 2026-03 第1名"'

emit_sample feedco
expect_contains "feedco: a contract within the signer's limit stands (四.1.G)" \
  "$(q feedco approvals id=k2)" '"status":"approved","decided_by":"auto"'
expect_contains "feedco: 0.01 yuan over the limit needs authorisation" \
  "$(q feedco approvals id=k4)" '"status":"pending"'
expect_contains "feedco: the credit check refused an order (五.2.B)" \
  "$(q feedco approvals id=order:o13)" '"status":"rejected"'

emit_sample aftersales
expect_contains "aftersales: exactly 5,000,000 yuan last year is key (五.1.1)" \
  "$(q aftersales customers id=c02)" '"class":"key"'
expect_contains "aftersales: one fen less is general" "$(q aftersales customers id=c04)" '"class":"general"'
expect_contains "aftersales: the third delivery complaint in 90 days gets corrective action (四.3)" "$out" \
  '"to":"logistics","message":"3 complaints of kind delivery within 90 days"'

emit_sample property
expect_contains "property: 11 minutes late is fined (篇七 3.2)" "$(q property penalties staff=e04)" \
  '"amount_fen":2000'
expect_contains "property: 10 minutes late is on time" "$(q property penalties event=arrive:h07:05)" '"total":0'
expect_contains "property: work before the customer agreed (篇七 3.4)" "$(q property penalties staff=e02 kind=sanction)" \
  '"sanction":"warning"'

emit_sample scoring
expect_contains "scoring: a high composite is A (篇六 5)" "$(q scoring customers id=c06)" '"class":"A"'
expect_contains "scoring: the score is recorded" "$(q scoring customers id=c02)" '"score":'

emit_sample retention
expect_contains "retention: key customers have their own card (第二十条)" "$(q retention customers id=c01)" '"class":"key"'
expect_contains "retention: a returning customer gets the discount (第十三条)" "$out" '回头客折扣 5%'
expect_contains "retention: a late payment keeps the standard terms (第六条)" "$(q retention customers id=c02)" \
  '"terms":"月结30天"'

emit_sample autodealer
expect_contains "autodealer: third late arrival in a month is dismissal (二.5)" "$(q autodealer penalties staff=a05)" \
  '"occurrence":3,"amount_fen":0,"sanction":"dismiss"'
expect_contains "autodealer: 08:30 sharp is on time" "$(q autodealer penalties event=late:a06:04)" '"total":0'
expect_contains "autodealer: a phone leave request is refused (二.7)" "$(q autodealer approvals id=l3)" '"status":"rejected"'
expect_contains "autodealer: five cars in probation, confirmed by the sales manager (一.1)" \
  "$(q autodealer approvals id=转正:a10)" '"status":"approved"'

emit_sample crm
expect_contains "crm: 1,000,000 yuan a year is important" "$(q crm customers id=c01)" '"class":"important"'
expect_contains "crm: one fen short is ordinary" "$(q crm customers id=c03)" '"class":"ordinary"'
expect_contains "crm: an unanswered complaint is escalated (第十四条)" "$(q crm tasks customer=c19 status=escalated)" \
  '"escalated_to":"crm_manager"'

emit_sample cosl
expect_contains "cosl: exactly 30,000 yuan needs no approval (14.4)" "$(q cosl approvals id=a1)" '"decided_by":"auto"'
expect_contains "cosl: 30,000.01 yuan needs head-office marketing" "$(q cosl approvals id=a2)" '"chain":["hq_marketing_head"]'
expect_contains "cosl: information not filed the same day is overdue (13.1)" \
  "$(q cosl tasks customer=c11 status=overdue)" '"kind":"customer information filed the same day"'

finish
