-- 第十一条 tasks a calendar opens (the weekly meeting) are closed with a
-- task.done event once the work is done.

spec "第十一条 a weekly demand meeting held closes its task" {
  at "2026-01-05 09:00" { customer { id = "c1", segment = "retail", owner = "s7" } },
  at "2026-01-13 09:00" { tick },
  expect { task { id = 2, kind = "demand_meeting", due = "2026-01-12", status = "overdue" },
           task { id = 3, kind = "demand_meeting", due = "2026-01-19", status = "open" } },
  at "2026-01-13 10:00" { done { task = 2, by = "sales_gm", note = "held late" } },
  expect { task { id = 2, status = "done", late = 1 }, task { id = 3, status = "open" },
           action { type = "complete_followup", task = 2, rule = "task done" } },
}

spec "a task can be done once, and only if it exists" {
  at "2026-01-05 09:00" { customer { id = "c1", segment = "retail", owner = "s7" } },
  at "2026-01-06 09:00" { done { task = 1 } },
  expect { task { id = 1, status = "done", late = 0 } },
  at "2026-01-06 10:00" { done { task = 1 } },
  expect { rejected "task 1 is already done" },
  at "2026-01-06 11:00" { done { task = 99 } },
  expect { rejected "task 99 does not exist" },
}

spec "第六条 an A follow-up filed after its due date is done, and late" {
  at "2026-01-05 09:00" { customer { id = "c1", segment = "highway", region = "west" } },
  -- No tick ran in between: the task was never marked overdue.
  at "2026-02-07 10:00" {
    followup { customer = "c1", staff = "rm", form = "重大客户跟踪服务单",
               fields = { product_type = "计重收费", usage = "ok", quality = "good",
                          service_opinion = "none", contact_changes = "none" } },
  },
  expect { task { id = 1, status = "done", late = 1 },
           task { id = 2, customer = "c1", due = "2026-03-07", status = "open" } },
}
