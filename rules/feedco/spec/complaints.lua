-- 七.1 客户投诉.

spec "a complaint with a return needs the form, reviewed by either the marketing head or the section chief" {
  at "2026-03-01 09:00" {
    staff { id = "mh", role = "marketing_head" },
    staff { id = "sc", role = "section_chief" },
    customer { id = "c1", owner = "r1" },
  },
  at "2026-03-02 09:00" { complaint { id = "k1", customer = "c1", kind = "return", text = "饲料结块, 要求退货" } },
  expect {
    approval { id = "complaint:k1", status = "pending", chain = { "marketing_head", "section_chief" }, mode = "any" },
    complaint { id = "k1", routed_to = "marketing_head", form = "客户投诉申请单" },
    action { type = "notify", to = "quality_dept", form = "客户投诉申请单" },
    action { type = "notify", to = "finance_dept" },
  },
  at "2026-03-02 11:00" { decision { approval = "complaint:k1", decision = "approve", by = "sc" } },
  expect { approval { id = "complaint:k1", status = "approved", decided_by = "sc" } },
}

spec "compensation and serious reputation damage need the form too" {
  at "2026-03-01 09:00" { customer { id = "c1", owner = "r1" } },
  at "2026-03-02 09:00" {
    complaint { id = "k2", customer = "c1", kind = "compensation" },
    complaint { id = "k3", customer = "c1", kind = "service", attrs = { reputation = "serious" } },
  },
  expect {
    approval { id = "complaint:k2", status = "pending" },
    approval { id = "complaint:k3", status = "pending" },
  },
}

spec "other complaints go to the customer's rep and the daily report" {
  at "2026-03-01 09:00" { customer { id = "c1", owner = "r1" } },
  at "2026-03-02 09:00" { complaint { id = "k4", customer = "c1", kind = "delivery" } },
  expect {
    complaint { id = "k4", routed_to = "r1", form = "行销工作日报表" },
    no_approval { id = "complaint:k4" },
    no_action { type = "notify" },
  },
}
