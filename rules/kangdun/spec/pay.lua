-- 五 薪酬管理: commission on collected money only.

local function team()
  return { staff { id = "s1", role = "sales", department = "east" },
           staff { id = "s2", role = "sales", department = "east" },
           staff { id = "m1", role = "department_manager", department = "east" } }
end

spec "五.2 sold at the company price: 2% of the collected amount, the manager 1%" {
  at "2026-03-01 09:00" (team()),
  at "2026-03-02 10:00" { order { id = "o1", customer = "c1", staff = "s1", amount = "100000 yuan", list_price_fen = 10000000 } },
  at "2026-03-20 10:00" { payment { id = "p1", customer = "c1", order = "o1", staff = "s1", amount = "100000 yuan" } },
  expect { rewards { s1 = "2000 yuan", m1 = "1000 yuan" } },
}

spec "五.2 sold above the company price: 2% of the company price plus 50% of the part above" {
  at "2026-03-01 09:00" (team()),
  at "2026-03-02 10:00" { order { id = "o2", customer = "c1", staff = "s1", amount = "110000 yuan", list_price_fen = 10000000 } },
  at "2026-03-20 10:00" { payment { id = "p1", customer = "c1", order = "o2", staff = "s1", amount = "110000 yuan" } },
  -- 2% x 100,000 + 50% x 10,000 = 2,000 + 5,000
  expect { rewards { s1 = "7000 yuan", m1 = "1100 yuan" } },
}

spec "五.3 signed but uncollected money earns nothing" {
  at "2026-03-01 09:00" (team()),
  at "2026-03-02 10:00" { order { id = "o2", customer = "c1", staff = "s1", amount = "110000 yuan", list_price_fen = 10000000 } },
  expect { rewards { s1 = "0 yuan", m1 = "0 yuan" } },
}

spec "五.3 commission follows collection: half paid, half the commission; the rest later" {
  at "2026-03-01 09:00" (team()),
  at "2026-03-02 10:00" { order { id = "o2", customer = "c1", staff = "s1", amount = "110000 yuan", list_price_fen = 10000000 } },
  at "2026-03-20 10:00" { payment { id = "p1", customer = "c1", order = "o2", staff = "s1", amount = "55000 yuan" } },
  expect { rewards { s1 = "3500 yuan" } },
  at "2026-04-20 10:00" { payment { id = "p2", customer = "c1", order = "o2", staff = "s1", amount = "55000 yuan" } },
  expect { rewards { s1 = "7000 yuan" } },
  -- an overpayment earns nothing more
  at "2026-04-21 10:00" { payment { id = "p3", customer = "c1", order = "o2", staff = "s1", amount = "100 yuan" } },
  expect { rewards { s1 = "7000 yuan" } },
}

spec "rounding: part payments round down on the running total, so nothing is lost" {
  at "2026-03-01 09:00" (team()),
  at "2026-03-02 10:00" { order { id = "o3", customer = "c1", staff = "s1", amount = "1 yuan", list_price_fen = 100 } },
  at "2026-03-03 10:00" { payment { id = "p1", customer = "c1", order = "o3", staff = "s1", amount = "0.49 yuan" } },
  expect { rewards { s1 = "0 fen" } },
  at "2026-03-04 10:00" { payment { id = "p2", customer = "c1", order = "o3", staff = "s1", amount = "0.51 yuan" } },
  expect { rewards { s1 = "2 fen", m1 = "1 fen" } },
}

spec "二.7 selling below the company price is reported; commission is 2% of what was collected" {
  at "2026-03-01 09:00" (team()),
  at "2026-03-02 10:00" { order { id = "o4", customer = "c1", staff = "s1", amount = "90000 yuan", list_price_fen = 10000000 } },
  expect { action { type = "notify", to = "department_manager", subject = "变更售价" } },
  at "2026-03-20 10:00" { payment { id = "p1", customer = "c1", order = "o4", staff = "s1", amount = "90000 yuan" } },
  expect { rewards { s1 = "1800 yuan" } },
}

spec "五.4 the month's top three by collected payments get the three bonus tiers" {
  at "2026-02-28 09:00" { tick },
  at "2026-03-10 10:00" {
    payment { id = "p1", staff = "a", amount = "50000 yuan" },
    payment { id = "p2", staff = "b", amount = "80000 yuan" },
    payment { id = "p3", staff = "c", amount = "30000 yuan" },
    payment { id = "p4", staff = "d", amount = "29999.99 yuan" },
  },
  at "2026-04-01 00:00" { payment { id = "p5", staff = "d", amount = "1000 yuan" } },
  at "2026-04-01 00:00" { tick },
  expect { rewards { b = "1000 yuan", a = "600 yuan", c = "300 yuan", d = "0 yuan" } },
}

spec "五.4 the year's top three on 1 January" {
  at "2026-12-31 09:00" { payment { id = "p1", staff = "a", amount = "50000 yuan" }, tick },
  at "2027-01-01 00:00" { tick },
  -- the year's first place, and December's first place (1,000) on the same day
  expect { rewards { a = "11000 yuan" }, penalty { staff = "a", reason = "年回款 2026 第1名", amount = "10000 yuan" },
           penalty { staff = "a", reason = "月回款 2026-12 第1名", amount = "1000 yuan" } },
}

spec "五.1 base pay: 1500+100+200 on probation, 1800+100+200 after" {
  at "2026-02-28 09:00" { staff { id = "n1", role = "sales", attrs = { probation = true } },
                          staff { id = "s1", role = "sales" }, tick },
  at "2026-03-01 00:00" { tick },
  expect { action { type = "notify", to = "finance", message = "n1: 180000 fen (试用期)" },
           action { type = "notify", to = "finance", message = "s1: 210000 fen (转正)" } },
}
