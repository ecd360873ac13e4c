-- 第六条 and 第十三条.

spec "the first order earns no discount; the next one 5%, rounded down to the fen" {
  at "2026-03-01 09:00" { customer { id = "c1", owner = "s1" } },
  at "2026-03-02 09:00" { order { id = "o1", customer = "c1", staff = "s1", amount = "10000 yuan" } },
  expect { no_action { type = "notify" } },
  at "2026-04-02 09:00" { order { id = "o2", customer = "c1", staff = "s1", amount = "10000 yuan" } },
  expect {
    action { type = "notify", to = "s1", subject = "o2", message = "回头客折扣 5%: 500.00 元" },
    customer { id = "c1", last_discount_fen = 50000 },
  },
  at "2026-05-02 09:00" { order { id = "o3", customer = "c1", staff = "s1", amount = "333.33 yuan" } },
  expect { customer { id = "c1", last_discount_fen = 1666 } },
}

spec "a different discount is one parameter away" {
  params = { returning_discount_percent = 8 },
  at "2026-03-01 09:00" { customer { id = "c1", owner = "s1" } },
  at "2026-03-02 09:00" { order { id = "o1", customer = "c1", amount = "100 yuan" } },
  at "2026-03-03 09:00" { order { id = "o2", customer = "c1", amount = "100 yuan" } },
  expect { customer { id = "c1", last_discount_fen = 800 } },
}

spec "payments on time earn preferential terms; a late one loses them" {
  at "2026-03-01 09:00" { customer { id = "c1", owner = "s1" } },
  at "2026-03-10 09:00" { payment { id = "p1", customer = "c1", amount = "5000 yuan", attrs = { days_late = 0 } } },
  expect { customer { id = "c1", terms = "月结60天" } },
  at "2026-04-10 09:00" { payment { id = "p2", customer = "c1", amount = "5000 yuan", attrs = { days_late = 1 } } },
  expect { customer { id = "c1", terms = "月结30天" } },
  at "2027-04-10 09:00" { payment { id = "p3", customer = "c1", amount = "5000 yuan" } },
  expect { customer { id = "c1", terms = "月结60天" } },
}
