spec "a big, punctual customer is A, followed monthly, and a 20% discount goes to the sales director" {
  at "2026-01-05 09:00" { customer { id = "c1", segment = "retail" } },
  at "2026-01-05 10:00" { order { id = "o1", customer = "c1", amount_fen = 100000,
                                  attrs = { revenue_fen = 60000000, overdue_days = 10, discount_pct = 20 } } },
  expect { class = { c1 = "A" }, task { customer = "c1", due = "2026-02-04" },
           approval { id = "discount:o1", chain = { "sales_director" } } },
}

spec "a late payer falls to D and a small discount needs no approval" {
  at "2026-01-05 09:00" { customer { id = "c2", segment = "retail" } },
  at "2026-01-05 10:00" { order { id = "o2", customer = "c2", amount_fen = 100000,
                                  attrs = { revenue_fen = 60000000, overdue_days = 120, discount_pct = 5 } } },
  expect { class = { c2 = "D" }, no_approval { id = "discount:o2" } },
}
