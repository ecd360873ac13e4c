-- 4.5–4.8 contract review.

local function people()
  return { staff { id = "gm", role = "general_manager" }, staff { id = "ch", role = "commercial_head" },
           staff { id = "rv", role = "authorised_reviewer" }, staff { id = "sg", role = "authorised_signer" },
           staff { id = "q", role = "quality_head" }, staff { id = "p", role = "production_head" },
           staff { id = "b", role = "purchasing_head" }, staff { id = "s1", role = "sales" } }
end

spec "4.6.2 a regular contract: the authorised reviewer and the authorised signer" {
  at "2026-03-02 09:00" (people()),
  at "2026-03-02 10:00" { request { id = "r1", kind = "contract", subject = "批量订单 OC-200 x500" } },
  expect { approval { id = "r1", chain = { "authorised_reviewer", "authorised_signer" }, mode = "all" } },
  at "2026-03-02 11:00" { decision { approval = "r1", decision = "approve", by = "rv" } },
  expect { approval { id = "r1", status = "pending" } },
  at "2026-03-02 11:30" { decision { approval = "r1", decision = "approve", by = "sg" } },
  expect { approval { id = "r1", status = "approved" } },
}

spec "4.6.2 b a special contract: departments countersign, commercial head checks, GM approves" {
  at "2026-03-02 09:00" (people()),
  at "2026-03-02 10:00" { request { id = "r2", kind = "contract", subject = "特殊包装订单",
                                    attrs = { special = true } } },
  expect { approval { id = "r2", chain = { "quality_head", "production_head", "purchasing_head",
                                           "commercial_head", "general_manager" } } },
  at "2026-03-02 11:00" {
    decision { approval = "r2", decision = "approve", by = "q" },
    decision { approval = "r2", decision = "approve", by = "p" },
    decision { approval = "r2", decision = "approve", by = "b" },
    decision { approval = "r2", decision = "approve", by = "ch" },
  },
  expect { approval { id = "r2", status = "pending" } },
  at "2026-03-02 12:00" { decision { approval = "r2", decision = "approve", by = "gm" } },
  expect { approval { id = "r2", status = "approved" } },
}

spec "4.6.2 c an important contract: a review meeting chaired by the GM, approved by the GM" {
  at "2026-03-02 09:00" (people()),
  at "2026-03-02 10:00" { request { id = "r3", kind = "contract", subject = "年度框架合同",
                                    attrs = { important = true, special = true } } },
  expect { approval { id = "r3", chain = { "general_manager" } },
           task { kind = "contract review meeting", ref = "r3", owner = "gm", form = "合同/订单评审记录表" } },
}

spec "4.6.1 a contract signed before its review is approved is refused" {
  at "2026-03-02 09:00" (people()),
  at "2026-03-02 10:00" { request { id = "r1", kind = "contract", subject = "订单" } },
  at "2026-03-02 10:30" { decision { approval = "r1", decision = "approve", by = "rv" } },
  at "2026-03-02 11:00" { order { id = "o1", customer = "c1", amount = "1000 yuan", attrs = { review = "r1", signed_by = "sg" } } },
  expect { rejected "has no approved review" },
}

spec "4.7.2 only the GM or a GM-authorised salesperson signs" {
  at "2026-03-02 09:00" (people()),
  at "2026-03-02 10:00" { request { id = "r1", kind = "contract", subject = "订单" } },
  at "2026-03-02 10:30" { decision { approval = "r1", decision = "approve", by = "rv" },
                          decision { approval = "r1", decision = "approve", by = "sg" } },
  at "2026-03-02 11:00" { order { id = "o1", customer = "c1", amount = "1000 yuan", attrs = { review = "r1", signed_by = "s1" } } },
  expect { rejected "neither the general manager nor authorised" },
  at "2026-03-02 11:10" {
    order { id = "o2", customer = "c1", amount = "1000 yuan", attrs = { review = "r1", signed_by = "gm" } },
    order { id = "o3", customer = "c1", amount = "1000 yuan", attrs = { review = "r1", signed_by = "sg" } },
  },
  expect { order { id = "o2" }, order { id = "o3" } },
}

spec "4.8 a change we initiate needs the customer's consent and a new review" {
  at "2026-03-02 09:00" (people()),
  at "2026-03-05 10:00" { request { id = "ch1", kind = "contract_change", customer = "c1", subject = "交货期推迟一周",
                                    attrs = { initiated_by = "company" } } },
  expect { approval { id = "ch1", chain = { "authorised_reviewer", "authorised_signer", "customer" } } },
  at "2026-03-05 11:00" { decision { approval = "ch1", decision = "approve", by = "rv" },
                          decision { approval = "ch1", decision = "approve", by = "sg" } },
  expect { approval { id = "ch1", status = "pending" } },
  at "2026-03-05 15:00" { decision { approval = "ch1", decision = "approve", by = "c1", note = "电话同意" } },
  expect { approval { id = "ch1", status = "approved" } },
}

spec "4.8.3 a change the customer asks for is reviewed again without a consent step" {
  at "2026-03-05 10:00" { request { id = "ch2", kind = "contract_change", customer = "c1", subject = "加量",
                                    attrs = { initiated_by = "customer" } } },
  expect { approval { id = "ch2", chain = { "authorised_reviewer", "authorised_signer" } } },
}
