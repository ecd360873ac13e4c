-- 七 发货及货款管理, 八 离职.

-- 七.3 对于赊销和延迟付款的货物, 需事先以文本形式约定付款期限: a credit order
-- (attrs.credit = true) without a written due date (attrs.pay_by) is refused;
-- with one, its salesperson owns a collection task due that day.
rule "credit sales need a written due date" {
  clause = "七.3",
  on = "order.placed",
  when = { credit = true },
  run = function(ev)
    local o = ev.data
    if o.attrs.pay_by == nil then
      error("credit order " .. o.id .. " needs a written payment due date (attrs.pay_by, 七.3)")
    end
    return schedule_followup { customer = o.customer, kind = "collection", ref = o.id, owner = o.staff,
                               due = time.add(time.start_of(time.parse(o.attrs.pay_by), "day"), "1 day") - 1,
                               subject = "收回货款 " .. o.id }
  end,
}

rule "collected in full" {
  clause = "七.3",
  on = "payment.received",
  run = function(ev)
    local o = ev.data.order and facts.rows("orders", { id = ev.data.order })[1]
    if o == nil then return end
    if facts.sum("payments", "amount_fen", { order_id = o.id }) < o.amount_fen then return end
    local out = {}
    for _, t in ipairs(facts.rows("tasks", { kind = "collection", ref = o.id, status = { "open", "overdue" } })) do
      out[#out + 1] = complete_followup { task = t.id }
    end
    return out
  end,
}

-- 七.5 未按规定收回的货款或支票, 除依据相关规定惩处负责的销售人员外, 若产生
-- 坏账损失, 销售人员须负责赔偿.
rule "money not collected by the due date" {
  clause = "七.5",
  on = "tick",
  run = function(ev)
    local out = {}
    for _, t in ipairs(facts.rows("tasks", { kind = "collection", status = "open", due_at = { before = ev.at } })) do
      out[#out + 1] = sanction { staff = t.owner, sanction = param.late_collection_sanction,
                                 reason = "货款未按期收回 " .. t.ref }
    end
    return out
  end,
}

rule "bad debts are paid by the salesperson" {
  clause = "七.5",
  on = "violation.reported",
  when = { kind = "bad_debt" },
  run = function(ev)
    return fine { staff = ev.data.staff, amount = ev.data.attrs.amount, reason = "坏账赔偿 " .. tostring(ev.data.attrs.order) }
  end,
}

-- 七.4 不得以其他支票抵缴应收回的现金. 不得以不同客户的支票抵缴货款: a cheque
-- (attrs.method = "cheque") drawn by another customer (attrs.drawer) is refused.
rule "no cheque swapping" {
  clause = "七.4",
  on = "payment.received",
  when = { method = "cheque" },
  run = function(ev)
    local a = ev.data.attrs
    if a.drawer ~= nil and a.drawer ~= ev.data.customer then
      error("payment " .. ev.data.id .. ": a cheque of " .. a.drawer .. " cannot pay for " ..
            tostring(ev.data.customer) .. " (七.4)")
    end
  end,
}

-- 八.2 试用期销售人员离职需提前三天, 转正后提前一个月提交书面辞职报告, 经公司
-- 主管部门批准后离职.  A resignation (kind "resignation", attrs.staff,
-- attrs.leave_date) with less notice is refused; with uncollected money the
-- salesperson's pay stops on approval and the money is collected first.
local function short_notice(ev)
  local a = ev.data.attrs or {}
  local s = facts.staff(a.staff)
  local notice = (s and s.attrs.probation) and param.notice_probation or param.notice_regular
  if time.parse(a.leave_date) < time.add(time.start_of(ev.at, "day"), notice) then
    return "辞职须提前" .. notice .. "提交 (八.2)"
  end
end

rule "resignation notice" {
  clause = "八.2",
  on = "approval.requested",
  when = { kind = "resignation" },
  run = function(ev)
    local why = short_notice(ev)
    if why then return reject { approval = ev.data.id, by = "rule", reason = why } end
    local staff = ev.data.attrs.staff
    local open = facts.rows("tasks", { kind = "collection", owner = staff, status = { "open", "overdue" } })
    if #open > 0 then
      return notify { to = "finance", subject = "离职未收回货款",
                      message = string.format("%s has %d uncollected orders: pay stops on approval; collect before leaving (八.2)",
                                              staff, #open) }
    end
  end,
}

approval "resignation approved by HR" {
  clause = "八.2",
  kind = "resignation",
  when = function(_, ev) return short_notice(ev) == nil end,
  chain = { "hr" },
}
