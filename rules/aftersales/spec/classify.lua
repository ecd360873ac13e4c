-- 五.1.1 key customers, decided once a year.

spec "五.1.1 revenue of exactly 5,000,000 yuan last year makes a key customer; one fen less does not" {
  at "2026-01-02 09:00" { customer { id = "k", owner = "s1" }, customer { id = "g", owner = "s1" } },
  expect { class = { k = "general", g = "general" } },
  at "2026-03-01 10:00" {
    order { id = "o1", customer = "k", amount = "3000000 yuan" },
    order { id = "o2", customer = "g", amount = "3000000 yuan" },
  },
  at "2026-12-31 23:59:59" {
    order { id = "o3", customer = "k", amount = "2000000 yuan" },
    order { id = "o4", customer = "g", amount = "1999999.99 yuan" },
    tick,
  },
  -- orders during the year do not change the class
  expect { class = { k = "general", g = "general" } },
  at "2027-01-01 00:00" { tick },
  expect { class = { k = "key", g = "general" },
           customer { id = "k", class_reason = "五.1.1 b 上年度销售收入500万元以上" } },
}

spec "五.1.1 the year boundary: an order at 00:00 on 1 January counts for the new year" {
  at "2026-06-01 09:00" { customer { id = "c", owner = "s1" }, tick },
  at "2026-07-01 10:00" { order { id = "o1", customer = "c", amount = "4999999.99 yuan" } },
  at "2027-01-01 00:00" { order { id = "o2", customer = "c", amount = "0.01 yuan" } },
  at "2027-01-01 00:00:01" { tick },
  expect { class = { c = "general" } },
  -- a year later, 2027's revenue is 0.01 yuan: still general
  at "2028-01-01 00:00" { tick },
  expect { class = { c = "general" } },
}

spec "五.1.1 decided once a year: a key customer stays key all year, then is re-decided" {
  at "2025-05-01 09:00" { customer { id = "c", owner = "s1" }, tick },
  at "2025-06-01 10:00" { order { id = "o1", customer = "c", amount = "500万元" } },
  at "2026-01-01 00:00" { tick },
  expect { class = { c = "key" } },
  at "2026-07-01 10:00" { customer { id = "c", name = "新名称" } },
  expect { class = { c = "key" } },
  at "2027-01-01 08:00" { tick },          -- no orders in 2026
  expect { class = { c = "general" } },
}

spec "五.1.1 c a strategic customer flagged by sales is key" {
  at "2026-01-05 09:00" { customer { id = "c", owner = "s1", attrs = { strategic = true } } },
  expect { class = { c = "key" }, customer { id = "c", class_reason = "五.1.1 c 战略重点顾客" } },
}

spec "a customer entered mid-year is classified on last year's revenue" {
  at "2025-11-01 10:00" { order { id = "o1", customer = "c", amount = "600万元" } },
  at "2026-04-01 09:00" { customer { id = "c", owner = "s1" } },
  expect { class = { c = "key" } },
}
