-- 篇六: the weighted composite and its class boundaries (integer arithmetic).

spec "a worked example: credit 85, orders 50, profit 50, prospects 70 -> 62, class B" {
  at "2026-01-05 09:00" { customer { id = "c1", attrs = { prospect = 70 } } },
  at "2026-02-01 09:00" { order { id = "o1", customer = "c1", amount = "500000 yuan", attrs = { margin_percent = 20 } } },
  at "2026-03-10 09:00" { payment { id = "p1", customer = "c1", amount = "500000 yuan", attrs = { days_late = 5 } } },
  expect {
    customer { id = "c1", score = 62, score_detail = "credit 85, orders 50, prospects 70, profit 50" },
    class = { c1 = "B" },
  },
}

spec "1,000,000 yuan at 8% margin scores exactly 80 (A); one fen less rounds down to 79 (B)" {
  at "2026-01-05 09:00" { customer { id = "a" }, customer { id = "b" } },
  at "2026-02-01 09:00" {
    order { id = "o1", customer = "a", amount = "1000000 yuan", attrs = { margin_percent = 8 } },
    order { id = "o2", customer = "b", amount = "999999.99 yuan", attrs = { margin_percent = 8 } },
    payment { id = "p1", customer = "a", amount = "1000 yuan" },
    payment { id = "p2", customer = "b", amount = "1000 yuan" },
  },
  expect {
    customer { id = "a", score = 80, score_detail = "credit 100, orders 100, prospects -, profit 40" },
    customer { id = "b", score = 79, score_detail = "credit 100, orders 99, prospects -, profit 39" },
    class = { a = "A", b = "B" },
  },
}

spec "a new customer is scored on the prospect judgement alone" {
  at "2026-01-05 09:00" {
    customer { id = "n1", attrs = { prospect = 80 } },
    customer { id = "n2", attrs = { prospect = 79 } },
    customer { id = "n3" },
  },
  expect {
    customer { id = "n1", score = 80 }, customer { id = "n2", score = 79 },
    customer { id = "n3", score_detail = "credit -, orders -, prospects -, profit -" },
    class = { n1 = "A", n2 = "B", n3 = "C" },
  },
}

spec "late payments cost points: two late payments of 3 and 12 days" {
  at "2026-01-05 09:00" { customer { id = "c1" } },
  at "2026-02-01 09:00" { order { id = "o1", customer = "c1", amount = "100000 yuan" } },
  at "2026-03-01 09:00" {
    payment { id = "p1", customer = "c1", amount = "50000 yuan", attrs = { days_late = 3 } },
    payment { id = "p2", customer = "c1", amount = "50000 yuan", attrs = { days_late = 12 } },
  },
  -- credit 100 - 2*10 - 15 = 65; orders 10; profit 100000 yuan*10% = 10000 yuan -> 5
  expect { customer { id = "c1", score_detail = "credit 65, orders 10, prospects -, profit 5", score = 26 } },
}

spec "orders older than the window no longer count" {
  at "2025-01-05 09:00" { customer { id = "c1" }, order { id = "o1", customer = "c1", amount = "1000000 yuan" } },
  at "2026-01-05 09:00" { order { id = "o2", customer = "c1", amount = "100 yuan" } },
  expect { customer { id = "c1", score_detail = "credit -, orders 0, prospects -, profit 0", score = 0 } },
}

spec "with a two-year window the older order still counts" {
  params = { order_window = "2 years" },
  at "2024-06-01 09:00" { customer { id = "c1" }, order { id = "o1", customer = "c1", amount = "1000000 yuan" } },
  at "2026-01-05 09:00" { order { id = "o2", customer = "c1", amount = "100 yuan" } },
  expect { customer { id = "c1", score_detail = "credit -, orders 100, prospects -, profit 0" } },
}

spec "order size by quantity instead of amount" {
  params = { order_measure = "quantity" },
  at "2026-01-05 09:00" { customer { id = "c1" } },
  at "2026-02-01 09:00" { order { id = "o1", customer = "c1", amount = "10 yuan", attrs = { quantity = 2500 } } },
  expect { customer { id = "c1", score_detail = "credit -, orders 25, prospects -, profit 0" } },
}

spec "the analyst's weights decide: credit alone" {
  params = { weights = { credit = 1, orders = 0, prospects = 0, profit = 0 } },
  at "2026-01-05 09:00" { customer { id = "c1" } },
  at "2026-02-01 09:00" {
    order { id = "o1", customer = "c1", amount = "10 yuan" },
    payment { id = "p1", customer = "c1", amount = "10 yuan" },
  },
  expect { customer { id = "c1", score = 100 }, class = { c1 = "A" } },
}
