-- 第一条, 第二条: ownership, timely entry, revisits.

spec "第二条 a duplicate entry goes to the earliest entry: a second consultant is refused" {
  at "2026-03-02 10:00" { customer { id = "c1", name = "王先生", owner = "s1" } },
  expect { customer { id = "c1", owner = "s1", entered_by = "s1" } },
  at "2026-03-03 10:00" { customer { id = "c1", owner = "s2" } },
  expect { rejected "customer c1 was entered first by s1", customer { id = "c1", owner = "s1" } },
}

spec "第一条 a customer nobody can place is allocated by the manager" {
  at "2026-03-02 10:00" { customer { id = "c1", owner = "s1" } },
  at "2026-03-03 10:00" { customer { id = "c1", owner = "s2", attrs = { allocated_by = "m1" } } },
  expect { customer { id = "c1", owner = "s2", entered_by = "s2" } },
}

spec "第二条 a customer entered within a day of first contact earns commission" {
  at "2026-03-03 10:00" { customer { id = "c1", owner = "s1", attrs = { first_contact = "2026-03-02 10:00" } } },
  at "2026-03-20 10:00" { order { id = "d1", customer = "c1", staff = "s1", amount = "30000 yuan" } },
  expect { no_action { type = "notify", to = "finance" } },
}

spec "第二条 entered one second too late: no commission on the deal" {
  at "2026-03-03 10:00:01" { customer { id = "c1", owner = "s1", attrs = { first_contact = "2026-03-02 10:00" } } },
  at "2026-03-20 10:00" { order { id = "d1", customer = "c1", staff = "s1", amount = "30000 yuan" } },
  expect { action { type = "notify", to = "finance", subject = "no commission" } },
}

spec "第二条 a deal on a customer never entered earns no commission" {
  at "2026-03-20 10:00" { order { id = "d1", customer = "ghost", staff = "s1", amount = "30000 yuan" } },
  expect { action { type = "notify", to = "finance",
                    message = "第二条: no commission for s1 on deal d1 (customer was never entered)" } },
}

spec "第二条 customers are revisited weekly by their consultant" {
  at "2026-03-02 10:00" { customer { id = "c1", owner = "s1" } },
  expect { task { customer = "c1", kind = "revisit customers", owner = "s1", due_at = "2026-03-09T10:00" } },
  at "2026-03-06 15:00" { followup { customer = "c1", staff = "s1" } },
  expect { task { customer = "c1", status = "done" },
           task { customer = "c1", status = "open", due_at = "2026-03-13T15:00" } },
}
