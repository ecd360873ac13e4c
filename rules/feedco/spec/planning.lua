-- 三 计划管理: the planning calendar.

spec "the rolling plan is due by the 25th; handing it in closes the task" {
  at "2026-02-25 12:00" { tick },
  at "2026-02-26 00:00" { tick },
  expect { task { kind = "rolling_plan", due = "2026-03-25T23:59:59", owner = "sales_manager", status = "open" } },
  at "2026-03-25 23:59" { request { id = "p1", subject = "4-6月滚动计划", kind = "rolling_plan" } },
  expect {
    task { kind = "rolling_plan", due = "2026-03-25", status = "done" },
    approval { id = "p1", status = "approved" },
  },
}

spec "a rolling plan not in by the end of the 25th is overdue" {
  at "2026-02-25 12:00" { tick },
  at "2026-02-26 00:00" { tick },
  at "2026-03-25 23:59:59" { tick },
  expect { task { kind = "rolling_plan", due = "2026-03-25", status = "open" } },
  at "2026-03-26 00:00" { tick },
  expect { task { kind = "rolling_plan", due = "2026-03-25", status = "overdue" } },
}

spec "read 前 as exclusive, the rolling plan is due by the 24th" {
  params = { before_inclusive = false },
  at "2026-02-24 12:00" { tick },
  at "2026-02-25 00:00" { tick },
  expect {
    task { kind = "rolling_plan", due = "2026-03-24T23:59:59" },
    task { kind = "regional_targets", due = "2026-03-24T23:59:59" },
  },
}

spec "next month's plan by the 19th, regional targets by the 25th" {
  at "2026-02-25 12:00" { tick },
  at "2026-03-26 00:00" { tick },
  expect {
    task { kind = "monthly_plan", due = "2026-04-19T23:59:59", status = "open" },
    task { kind = "regional_targets", due = "2026-04-25T23:59:59", status = "open" },
    task { kind = "regional_targets", due = "2026-03-25", status = "overdue" },
  },
}

spec "ten-day plans on the 9th, 19th and 29th; in February the 29th is the 28th" {
  at "2026-01-29 12:00" { tick },
  at "2026-02-20 00:00" { tick },
  expect {
    task { kind = "ten_day_plan", due = "2026-02-09T23:59:59", status = "overdue" },
    task { kind = "ten_day_plan", due = "2026-02-19T23:59:59", status = "overdue" },
    task { kind = "ten_day_plan", due = "2026-02-28T23:59:59", status = "open" },
  },
  at "2026-02-28 18:00" { request { id = "t1", subject = "3月上旬计划", kind = "ten_day_plan" } },
  expect { task { kind = "ten_day_plan", due = "2026-02-09", status = "done" } },
  at "2026-03-01 00:00" { tick },
  expect {
    task { kind = "ten_day_plan", due = "2026-02-28", status = "overdue" },
    task { kind = "ten_day_plan", due = "2026-03-09", status = "open" },
  },
}

spec "in a leap year February's ten-day plan is due on the 29th" {
  at "2028-02-19 12:00" { tick },
  at "2028-02-20 00:00" { tick },
  expect { task { kind = "ten_day_plan", due = "2028-02-29T23:59:59" } },
}

spec "next year's plan is due by October 31 and approved by the general manager" {
  at "2025-10-31 12:00" { tick, staff { id = "gm", role = "general_manager" } },
  at "2025-11-01 00:00" { tick },
  expect { task { kind = "annual_plan", due = "2026-10-31T23:59:59", status = "open" } },
  at "2026-09-20 10:00" { request { id = "y1", subject = "2027年销售计划", kind = "annual_plan" } },
  expect {
    task { kind = "annual_plan", status = "done" },
    approval { id = "y1", status = "pending", chain = { "general_manager" } },
  },
  at "2026-09-21 10:00" { decision { approval = "y1", decision = "approve", by = "gm" } },
  expect { approval { id = "y1", status = "approved", decided_by = "gm" } },
}
