-- The alternative classification schemes, each at its boundary.

spec "importance: 1,000,000 yuan in a year is important, one fen less is ordinary" {
  at "2026-01-05 09:00" {
    customer { id = "c1" }, customer { id = "c2" }, customer { id = "c3" },
  },
  expect { class = { c1 = "potential", c2 = "potential", c3 = "potential" } },
  at "2026-03-01 09:00" {
    order { id = "o1", customer = "c1", amount = "1000000 yuan" },
    order { id = "o2", customer = "c2", amount = "999999.99 yuan" },
  },
  expect { class = { c1 = "important", c2 = "ordinary", c3 = "potential" } },
}

spec "importance: important resources make a customer important without revenue" {
  at "2026-01-05 09:00" { customer { id = "c1", attrs = { key_resources = true } } },
  expect { class = { c1 = "important" }, customer { id = "c1", class_reason = "重要客户: 拥有重要资源" } },
}

spec "importance: revenue counts over the last year only" {
  at "2025-03-01 09:00" { customer { id = "c1" }, order { id = "o1", customer = "c1", amount = "1200000 yuan" } },
  expect { class = { c1 = "important" } },
  at "2026-03-01 09:00" { order { id = "o2", customer = "c1", amount = "100 yuan" } },
  expect { class = { c1 = "ordinary" } },
}

spec "abc scheme: A from 1,000,000 yuan, B from 100,000 yuan or high potential, else C" {
  params = { scheme = "abc" },
  at "2026-01-05 09:00" {
    customer { id = "a" }, customer { id = "b" }, customer { id = "b2", attrs = { potential = "high" } },
    customer { id = "c" },
  },
  at "2026-02-01 09:00" {
    order { id = "o1", customer = "a", amount = "1000000 yuan" },
    order { id = "o2", customer = "b", amount = "100000 yuan" },
    order { id = "o3", customer = "c", amount = "99999.99 yuan" },
  },
  expect { class = { a = "A", b = "B", b2 = "B", c = "C" } },
}

spec "value scheme: high, medium and low value" {
  params = { scheme = "value" },
  at "2026-01-05 09:00" { customer { id = "h" }, customer { id = "m" }, customer { id = "l" } },
  at "2026-02-01 09:00" {
    order { id = "o1", customer = "h", amount = "1000000 yuan" },
    order { id = "o2", customer = "m", amount = "999999.99 yuan" },
    order { id = "o3", customer = "l", amount = "99999.99 yuan" },
  },
  expect { class = { h = "high", m = "medium", l = "low" } },
}

spec "tenure scheme: new, old after a full year, loyal after three" {
  params = { scheme = "tenure" },
  at "2026-03-01 09:00" {
    customer { id = "n", attrs = { since = "2025-03-01 09:00:01" } },
    customer { id = "o", attrs = { since = "2025-03-01 09:00" } },
    customer { id = "l", attrs = { since = "2023-03-01" } },
  },
  expect { class = { n = "new", o = "old", l = "loyal" } },
}

spec "tenure scheme: without a recorded start, the first order counts" {
  params = { scheme = "tenure" },
  at "2025-06-01 09:00" { customer { id = "c1" }, order { id = "o1", customer = "c1", amount = "10 yuan" } },
  expect { class = { c1 = "new" } },
  at "2026-06-01 09:00" { order { id = "o2", customer = "c1", amount = "10 yuan" } },
  expect { class = { c1 = "old" } },
}
