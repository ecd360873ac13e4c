-- 13.1-13.2: the customer archive and its reporting calendar.

spec "customer information is filed the same day" {
  at "2026-03-02 09:00" { customer { id = "c1", owner = "s1" } },
  at "2026-03-02 10:00" { followup { customer = "c1", staff = "s1", kind = "revisit" } },
  expect { task { customer = "c1", kind = "customer information filed the same day", due = "2026-03-02T23:59:59", owner = "s1" } },
  at "2026-03-02 17:30" { customer { id = "c1", attrs = { contact = "王经理 13800000000" } } },
  expect { task { customer = "c1", kind = "customer information filed the same day", status = "done" } },
}

spec "information not filed by midnight is overdue" {
  at "2026-03-02 09:00" { customer { id = "c1", owner = "s1" } },
  at "2026-03-02 10:00" { followup { customer = "c1", staff = "s1", kind = "revisit" } },
  at "2026-03-02 23:59:59" { tick },
  expect { task { customer = "c1", kind = "customer information filed the same day", status = "open" } },
  at "2026-03-03 00:00" { tick },
  expect { task { customer = "c1", kind = "customer information filed the same day", status = "overdue" } },
}

spec "bases report on the 15th and 30th; in February the 30th is the 28th" {
  at "2026-01-30 12:00" { tick },
  at "2026-02-16 00:00" { tick },
  expect {
    task { kind = "base_customer_info", due = "2026-02-15T23:59:59", owner = "base_marketing" },
    task { kind = "base_customer_info", due = "2026-02-28T23:59:59", status = "open" },
  },
  at "2026-03-01 00:00" { tick },
  expect {
    task { kind = "base_customer_info", due = "2026-02-28", status = "overdue" },
    task { kind = "base_customer_info", due = "2026-03-15", status = "open" },
  },
}

spec "division and branch summaries are due on the 5th" {
  at "2026-02-20 12:00" { tick },
  at "2026-03-06 00:00" { tick },
  expect {
    task { kind = "division_summary", due = "2026-04-05", owner = "division_marketing", form = "事业部月度客户信息汇总表" },
    task { kind = "branch_summary", due = "2026-04-05", owner = "branch_marketing", form = "分公司月度客户信息汇总表" },
  },
}

spec "the customer handbook is updated by June 30 and December 31" {
  at "2025-12-20 12:00" { tick },
  at "2026-01-01 00:00" { tick },
  expect { task { kind = "handbook_update", due = "2026-06-30T23:59:59", form = "客户信息手册" } },
  at "2026-07-01 00:00" { tick },
  expect {
    task { kind = "handbook_update", due = "2026-06-30", status = "overdue" },
    task { kind = "handbook_update", due = "2026-12-31", status = "open" },
  },
}
