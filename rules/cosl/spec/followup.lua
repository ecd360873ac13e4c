-- 7 and 17.2: service revisits.

spec "every customer is revisited every three months" {
  at "2026-01-05 09:00" { customer { id = "c1", name = "某油公司", owner = "s1" } },
  expect { task { customer = "c1", kind = "service revisit every three months", due = "2026-04-05", owner = "s1" } },
  at "2026-03-20 10:00" { followup { customer = "c1", staff = "s1", kind = "revisit" } },
  expect {
    task { customer = "c1", kind = "service revisit every three months", due = "2026-04-05", status = "done" },
    task { customer = "c1", kind = "service revisit every three months", due = "2026-06-20", status = "open" },
  },
}

spec "a phone call does not count as a revisit; a missed revisit goes overdue" {
  at "2026-01-05 09:00" { customer { id = "c1", owner = "s1" } },
  at "2026-02-10 09:00" { followup { customer = "c1", staff = "s1", kind = "call" } },
  expect { task { customer = "c1", kind = "service revisit every three months", due = "2026-04-05", status = "open" } },
  at "2026-04-05 09:00" { tick },
  expect { task { customer = "c1", kind = "service revisit every three months", status = "open" } },
  at "2026-04-05 09:00:01" { tick },
  expect { task { customer = "c1", kind = "service revisit every three months", status = "overdue" } },
}

spec "former customers are not revisited" {
  at "2026-01-05 09:00" { customer { id = "c2", owner = "s1", status = "former" } },
  expect { no_task { customer = "c2" } },
}

spec "oil companies have a six-month floor besides the three-month revisit" {
  at "2026-01-05 09:00" { customer { id = "c3", owner = "s1", segment = "oil_company" } },
  expect {
    task { customer = "c3", kind = "service revisit every three months", due = "2026-04-05" },
    task { customer = "c3", kind = "oil companies revisited at least twice a year", due = "2026-07-05" },
  },
  at "2026-03-01 09:00" { followup { customer = "c3", staff = "s1", kind = "revisit" } },
  expect {
    task { customer = "c3", kind = "oil companies revisited at least twice a year", due = "2026-09-01", status = "open" },
  },
}

spec "a revisit falls due within one month after an operation ends" {
  at "2026-01-05 09:00" { customer { id = "c3", owner = "s1", segment = "oil_company" } },
  at "2026-03-10 18:00" { customer { id = "c3", attrs = { operation = "ended" } } },
  expect {
    task { customer = "c3", kind = "revisit within a month after an operation ends", due = "2026-04-10T18:00", owner = "s1" },
  },
  at "2026-04-10 18:00" { followup { customer = "c3", staff = "s1", kind = "revisit" } },
  expect { task { customer = "c3", kind = "revisit within a month after an operation ends", status = "done" } },
}

spec "no revisit a month and a minute after the operation: overdue" {
  at "2026-01-05 09:00" { customer { id = "c3", owner = "s1", segment = "oil_company" } },
  at "2026-03-10 18:00" { customer { id = "c3", attrs = { operation = "ended" } } },
  at "2026-03-20 18:00" { followup { customer = "c3", staff = "s1", kind = "call" } },
  at "2026-04-10 18:01" { tick },
  expect { task { customer = "c3", kind = "revisit within a month after an operation ends", status = "overdue" } },
}

spec "head office with fewer than two revisits in a month is reported" {
  at "2026-03-01 00:00" {
    staff { id = "h1", role = "hq_marketing_head", department = "hq_marketing" },
    staff { id = "h2", role = "marketing", department = "hq_marketing" },
    staff { id = "d1", role = "marketing", department = "division" },
    customer { id = "c1", owner = "h2" },
    tick,
  },
  at "2026-03-05 10:00" { followup { customer = "c1", staff = "h2", kind = "revisit" } },
  at "2026-03-20 10:00" { followup { customer = "c1", staff = "d1", kind = "revisit" } },
  at "2026-03-25 10:00" { followup { customer = "c1", staff = "h2", kind = "call" } },
  at "2026-04-01 00:00" { tick },
  expect {
    action { type = "notify", to = "hq_marketing_head",
             message = "2026-03: 总部市场营销部回访活动 1 次, 少于每月 2 次" },
  },
}

spec "two head-office revisits in a month are enough" {
  at "2026-03-01 00:00" {
    staff { id = "h2", role = "marketing", department = "hq_marketing" },
    customer { id = "c1", owner = "h2" },
    tick,
  },
  at "2026-03-05 10:00" { followup { customer = "c1", staff = "h2", kind = "revisit" } },
  at "2026-03-31 23:59" { followup { customer = "c1", staff = "h2", kind = "revisit" } },
  at "2026-04-01 00:00" { tick },
  expect { no_action { type = "notify", rule = "head office arranges at least two revisits a month" } },
}
