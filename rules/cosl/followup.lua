-- 第六章 服务回访管理: how often customers are revisited, and by when.
-- A revisit is followup.logged with kind = "revisit"; care visits, calls
-- and seminars (other kinds) do not stand in for one.

-- 7 服务回访: 在为客户提供服务期间或服务后定期组织人员 (3个月一次或遵循
-- 具体规定) 拜访客户.  Every active customer; a former one is not revisited.
cadence "service revisit every three months" {
  clause = "7",
  by = "status",
  active = { every = param.revisit_every, owner = "account_owner", kind = "revisit",
             form = "服务回访及关怀记录表" },
}

-- 17.2 对有作业的油公司 ... 每年至少两次.  Oil companies are customers with
-- segment = "oil_company"; the three-monthly revisit above covers them
-- too, this rule keeps the twice-a-year floor if the analyst lengthens it.
cadence "oil companies revisited at least twice a year" {
  clause = "17.2",
  by = "segment",
  oil_company = { every = param.oil_company_every, owner = "account_owner", kind = "revisit",
                  form = "服务回访及关怀记录表" },
}

-- 17.2 对有作业的油公司, 回访活动应安排在作业结束后一个月之内进行.  An
-- operation's end is reported as customer.upsert { attrs = { operation =
-- "ended" } }; the next revisit of that customer closes the task.
deadline "revisit within a month after an operation ends" {
  clause = "17.2",
  on = "customer.upsert", when = { operation = "ended" },
  within = param.after_operation_within,
  done_on = "followup.logged", done_when = { kind = "revisit" }, match = "customer",
  owner = "account_owner", form = "服务回访及关怀记录表",
}

-- 17.2 总部市场营销部每月至少安排回访活动两次.  On the 1st of each month at
-- 00:00 the month before is counted: revisits logged by head-office
-- marketing staff.  Too few are reported to the head of head-office
-- marketing.
calendar "head office arranges at least two revisits a month" {
  clause = "17.2",
  every = "month", day = 1, hour = 0,
  run = function(due)
    local from = time.add(due, "1 month", -1)
    local staff = {}
    for _, s in ipairs(facts.rows("staff", { department = param.hq_department })) do
      staff[#staff + 1] = s.id
    end
    local n = #staff == 0 and 0 or
      facts.count("followups", { kind = "revisit", staff = staff, at = { from = from, before = due } })
    if n < param.hq_revisits_per_month then
      local month = time.date(from)
      return notify { to = "hq_marketing_head",
        message = string.format("%d-%02d: 总部市场营销部回访活动 %d 次, 少于每月 %d 次",
          month.year, month.month, n, param.hq_revisits_per_month) }
    end
  end,
}
