-- 第十一条, 第十二条, 第十六条, 第二十条.

spec "a customer becomes old with the first purchase and is called monthly, visited quarterly" {
  at "2026-01-10 09:00" { customer { id = "c1", owner = "s1" } },
  expect { class = { c1 = "new" }, no_task { customer = "c1" } },
  at "2026-01-31 09:00" { order { id = "o1", customer = "c1", amount = "100 yuan" } },
  expect {
    class = { c1 = "old" },
    task { customer = "c1", kind = "phone follow-up of old customers", due = "2026-02-28", owner = "s1" },
    task { customer = "c1", kind = "visits to old and key customers", due = "2026-04-30", owner = "s1" },
  },
  at "2026-02-20 10:00" { followup { customer = "c1", staff = "s1", kind = "phone" } },
  expect {
    task { customer = "c1", kind = "phone follow-up of old customers", due = "2026-03-20", status = "open" },
    task { customer = "c1", kind = "visits to old and key customers", due = "2026-04-30", status = "open" },
  },
  at "2026-03-20 10:01" { tick },
  expect { task { customer = "c1", kind = "phone follow-up of old customers", due = "2026-03-20", status = "overdue" } },
}

spec "key customers get their own card and a monthly visit" {
  at "2026-01-10 09:00" { customer { id = "k1", owner = "s1", attrs = { key = true } } },
  expect {
    class = { k1 = "key" },
    task { customer = "k1", kind = "visits to old and key customers", due = "2026-02-10", form = "重点客户卡片" },
    task { customer = "k1", kind = "phone follow-up of old customers", due = "2026-02-10" },
  },
}

spec "each visit books the next one; the next visit closes the booking" {
  at "2026-01-10 09:00" { customer { id = "c1", owner = "s1" } },
  at "2026-02-01 10:00" {
    followup { customer = "c1", staff = "s2", kind = "visit", fields = { next_visit = "2026-03-01 10:00" } },
  },
  expect { task { customer = "c1", kind = "booked_visit", due = "2026-03-01T10:00:00", owner = "s2", status = "open" } },
  at "2026-03-01 09:30" { followup { customer = "c1", staff = "s2", kind = "visit" } },
  expect {
    task { customer = "c1", kind = "booked_visit", status = "done" },
    action { type = "notify", to = "s2", message = "拜访时未预约下一次拜访 (第十二条)" },
  },
}
