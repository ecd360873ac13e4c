-- 第十一条 tasks a calendar opens (the weekly meeting) are closed with a
-- task.done event once the work is done.

spec "第十一条 a weekly demand meeting held closes its task" {
  at "2026-01-05 09:00" { customer { id = "c1", segment = "retail", owner = "s7" } },
  at "2026-01-13 09:00" { tick },
  expect { task { id = 2, kind = "demand_meeting", due = "2026-01-12", status = "overdue" },
           task { id = 3, kind = "demand_meeting", due = "2026-01-19", status = "open" } },
  at "2026-01-13 10:00" { done { task = 2, by = "sales_gm", note = "held late" } },
  expect { task { id = 2, status = "done" }, task { id = 3, status = "open" },
           action { type = "complete_followup", task = 2, rule = "task done" } },
}

spec "a task can be done once, and only if it exists" {
  at "2026-01-05 09:00" { customer { id = "c1", segment = "retail", owner = "s7" } },
  at "2026-01-06 09:00" { done { task = 1 } },
  expect { task { id = 1, status = "done" } },
  at "2026-01-06 10:00" { done { task = 1 } },
  expect { rejected "task 1 is already done" },
  at "2026-01-06 11:00" { done { task = 99 } },
  expect { rejected "task 99 does not exist" },
}
