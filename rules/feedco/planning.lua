-- 三 计划管理: the planning calendar.  A plan is handed in as
-- approval.requested with the plan's kind (annual_plan, rolling_plan,
-- monthly_plan, regional_targets, ten_day_plan); that closes the earliest
-- open task of its calendar.  Only the annual plan needs a signature.

-- 「前」 read inclusive (the day itself) or exclusive (the day before).
local function by(day) return param.before_inclusive and day or day - 1 end

-- 三.1 销售各部在每年的9-10月份完成下一年的销售计划设定 ... 报总经理批准.
calendar "next year's sales plan" {
  clause = "三.1",
  every = "year", month = param.annual_plan_month, day = param.annual_plan_day,
  task = { kind = "annual_plan", owner = "sales_manager", subject = "下一年销售计划 (分地区数量、品种、货款回收、销售策略)" },
  done_on = "approval.requested", done_when = { kind = "annual_plan" },
}

approval "next year's plan approved by the general manager" {
  clause = "三.1",
  kind = "annual_plan",
  chain = { "general_manager" },
}

-- 三.2 每月25日前完成下三个月的滚动销售计划, 报送总经理、品管部、采购部.
calendar "rolling three-month plan" {
  clause = "三.2",
  every = "month", day = by(param.rolling_plan_day),
  task = { kind = "rolling_plan", owner = "sales_manager", subject = "下三个月滚动销售计划" },
  done_on = "approval.requested", done_when = { kind = "rolling_plan" },
}

-- 三.3 每月19日完成下月销售计划的制定.
calendar "next month's plan" {
  clause = "三.3",
  every = "month", day = param.next_month_plan_day,
  task = { kind = "monthly_plan", owner = "sales_manager", subject = "下月销售计划" },
  done_on = "approval.requested", done_when = { kind = "monthly_plan" },
}

-- 三.3 在25日前根据公司的销售计划, 分解落实各地区的销售任务及落实措施.
calendar "regional targets broken down" {
  clause = "三.3",
  every = "month", day = by(param.regional_targets_day),
  task = { kind = "regional_targets", owner = "sales_manager", subject = "分解落实各地区销售任务" },
  done_on = "approval.requested", done_when = { kind = "regional_targets" },
}

-- 三.4 每月9日、19日、29日完成下一旬销售计划的制定.
calendar "ten-day plans" {
  clause = "三.4",
  every = "month", days = param.ten_day_plan_days,
  task = { kind = "ten_day_plan", owner = "sales_manager", subject = "下一旬销售计划" },
  done_on = "approval.requested", done_when = { kind = "ten_day_plan" },
}
