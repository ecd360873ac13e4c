-- 3 权责, 4.1.6: price reductions.

local function people()
  return { staff { id = "bd", role = "board" }, staff { id = "gm", role = "general_manager" },
           staff { id = "ch", role = "commercial_head" }, staff { id = "s1", role = "sales" } }
end

spec "3 lowering the ex-factory price needs both the board and the general manager" {
  at "2026-03-02 09:00" (people()),
  at "2026-03-02 10:00" { request { id = "p1", kind = "ex_factory_price", subject = "OC-200 出厂价下调5%", requested_by = "s1" } },
  expect { approval { id = "p1", chain = { "board", "general_manager" }, mode = "all", status = "pending" } },
  at "2026-03-02 11:00" { decision { approval = "p1", decision = "approve", by = "gm" } },
  expect { approval { id = "p1", status = "pending", signed = { "general_manager" } } },
  at "2026-03-03 11:00" { decision { approval = "p1", decision = "approve", by = "bd" } },
  expect { approval { id = "p1", status = "approved" } },
}

spec "3 the general manager alone cannot lower it, nor sign twice" {
  at "2026-03-02 09:00" (people()),
  at "2026-03-02 10:00" { request { id = "p1", kind = "ex_factory_price", subject = "降价" } },
  at "2026-03-02 11:00" { decision { approval = "p1", decision = "approve", by = "gm" } },
  at "2026-03-02 11:05" { decision { approval = "p1", decision = "approve", by = "gm" } },
  expect { rejected "waiting for board", approval { id = "p1", status = "pending" } },
  at "2026-03-02 11:10" { decision { approval = "p1", decision = "approve", by = "ch" } },
  expect { rejected "cannot decide approval 'p1'" },
}

spec "3 either signer may refuse" {
  at "2026-03-02 09:00" (people()),
  at "2026-03-02 10:00" { request { id = "p1", kind = "ex_factory_price", subject = "降价" } },
  at "2026-03-02 11:00" { decision { approval = "p1", decision = "reject", by = "bd", note = "不同意" } },
  expect { approval { id = "p1", status = "rejected", decided_by = "bd" } },
}

spec "4.1.6 a discount during a sale needs the head of commercial operations" {
  at "2026-03-02 09:00" (people()),
  at "2026-03-02 10:00" { request { id = "d1", kind = "sale_discount", subject = "客户议价 -3%" } },
  expect { approval { id = "d1", chain = { "commercial_head" } } },
  at "2026-03-02 10:30" { decision { approval = "d1", decision = "approve", by = "ch" } },
  expect { approval { id = "d1", status = "approved" } },
}

spec "4.1.6 selling below list price: fine with an approved reduction, reported without" {
  at "2026-03-02 09:00" (people()),
  at "2026-03-02 10:00" { request { id = "d1", kind = "sale_discount", subject = "-3%" } },
  at "2026-03-02 10:30" { decision { approval = "d1", decision = "approve", by = "ch" } },
  at "2026-03-02 11:00" {
    request { id = "r1", kind = "contract", subject = "常规订单" },
  },
  at "2026-03-02 11:30" {
    staff { id = "rv", role = "authorised_reviewer" }, staff { id = "sg", role = "authorised_signer" },
  },
  at "2026-03-02 12:00" { decision { approval = "r1", decision = "approve", by = "rv" },
                          decision { approval = "r1", decision = "approve", by = "sg" } },
  at "2026-03-03 10:00" {
    order { id = "o1", customer = "c1", staff = "s1", amount = "97000 yuan", list_price_fen = 10000000,
            attrs = { approval = "d1", review = "r1", signed_by = "sg" } },
    order { id = "o2", customer = "c1", staff = "s1", amount = "100000 yuan", list_price_fen = 10000000,
            attrs = { review = "r1", signed_by = "sg" } },
  },
  expect { no_action { type = "notify" } },
  at "2026-03-04 10:00" {
    order { id = "o3", customer = "c1", staff = "s1", amount = "99999.99 yuan", list_price_fen = 10000000,
            attrs = { review = "r1", signed_by = "sg" } },
  },
  expect { action { type = "notify", to = "commercial_head",
                    message = "order o3 by s1: 1 fen below list price without an approved reduction" } },
}
