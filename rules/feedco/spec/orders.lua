-- 四.1.G contracts, 五 orders.

local staff_setup = {
  staff { id = "sm", role = "sales_manager" },
  staff { id = "fc", role = "finance_credit" },
  staff { id = "gm", role = "general_manager" },
  staff { id = "r1", role = "sales_rep", attrs = { contract_limit_fen = 5000000 } },
  customer { id = "c1", owner = "r1", attrs = { credit = "good" } },
}

spec "a contract within the signer's authorisation stands; beyond it needs authorising" {
  at "2026-03-01 09:00" (staff_setup),
  at "2026-03-02 09:00" {
    request { id = "k1", subject = "销售合同", kind = "contract", requested_by = "r1", amount = "50000 yuan" },
    request { id = "k2", subject = "销售合同", kind = "contract", requested_by = "r1", amount = "50000.01 yuan" },
  },
  expect {
    approval { id = "k1", status = "approved", decided_by = "auto" },
    approval { id = "k2", status = "pending", chain = { "sales_manager", "general_manager" }, mode = "any" },
  },
  at "2026-03-02 10:00" { decision { approval = "k2", decision = "approve", by = "gm" } },
  expect { approval { id = "k2", status = "approved", decided_by = "gm" } },
}

spec "an order needs the sales manager's consent and finance's credit check" {
  at "2026-03-01 09:00" (staff_setup),
  at "2026-03-02 09:30" { order { id = "o1", customer = "c1", amount = "8000 yuan" } },
  expect { approval { id = "order:o1", status = "pending", chain = { "sales_manager", "finance_credit" }, mode = "all" } },
  at "2026-03-02 10:00" { decision { approval = "order:o1", decision = "approve", by = "sm" } },
  expect { approval { id = "order:o1", status = "pending" }, no_task { kind = "dispatch_batch" } },
  at "2026-03-02 10:30" { decision { approval = "order:o1", decision = "approve", by = "fc" } },
  expect {
    approval { id = "order:o1", status = "approved" },
    task { kind = "dispatch_batch", ref = "order:o1", due = "2026-03-02T13:30:00", owner = "dispatch_office" },
  },
}

spec "an order approved after 13:30 goes into the next morning's 9:00 batch; at 9:00 sharp, that batch" {
  at "2026-03-01 09:00" (staff_setup),
  at "2026-03-02 13:00" {
    order { id = "o1", customer = "c1", amount = "8000 yuan" },
    order { id = "o2", customer = "c1", amount = "3000 yuan" },
  },
  at "2026-03-02 13:31" {
    decision { approval = "order:o1", decision = "approve", by = "fc" },
    decision { approval = "order:o1", decision = "approve", by = "sm" },
  },
  expect { task { kind = "dispatch_batch", ref = "order:o1", due = "2026-03-03T09:00:00" } },
  at "2026-03-03 09:00" {
    decision { approval = "order:o2", decision = "approve", by = "sm" },
    decision { approval = "order:o2", decision = "approve", by = "fc" },
  },
  expect { task { kind = "dispatch_batch", ref = "order:o2", due = "2026-03-03T09:00:00" } },
}

spec "a rejected order is not batched" {
  at "2026-03-01 09:00" (staff_setup),
  at "2026-03-02 09:00" { order { id = "o1", customer = "c1", amount = "8000 yuan" } },
  at "2026-03-02 09:10" { decision { approval = "order:o1", decision = "reject", by = "fc", note = "信用问题" } },
  expect { approval { id = "order:o1", status = "rejected" }, no_task { kind = "dispatch_batch" } },
}

spec "an order a full day ahead is fine; less notice is flagged" {
  at "2026-03-01 09:00" (staff_setup),
  at "2026-03-02 09:00" {
    order { id = "o1", customer = "c1", amount = "100 yuan", attrs = { pickup = "2026-03-03 09:00" } },
  },
  expect { no_action { type = "notify", subject = "o1", to = "dispatch_office" } },
  at "2026-03-02 09:01" {
    order { id = "o2", customer = "c1", amount = "100 yuan", attrs = { pickup = "2026-03-03 09:00" } },
  },
  expect { action { type = "notify", subject = "o2", to = "dispatch_office" } },
}

spec "a credit order without signature and seal is flagged" {
  at "2026-03-01 09:00" (staff_setup),
  at "2026-03-02 09:00" {
    order { id = "o1", customer = "c1", amount = "100 yuan", attrs = { payment = "credit", signed_by = "王经理", sealed = true } },
  },
  expect { no_action { type = "notify", subject = "o1", to = "dispatch_office" } },
  at "2026-03-02 10:00" {
    order { id = "o2", customer = "c1", amount = "100 yuan", attrs = { payment = "credit", signed_by = "王经理" } },
  },
  expect { action { type = "notify", subject = "o2", message = "信用订货缺少 单位盖章 (sealed), 后果由承运人负责" } },
}

spec "goods to a new or poor-credit customer go with a dispatcher unless the rep is there" {
  at "2026-03-01 09:00" (staff_setup),
  at "2026-03-01 10:00" {
    customer { id = "c2", owner = "r1", attrs = { credit = "poor" } },
    customer { id = "c3", owner = "r1" },
  },
  at "2026-03-02 09:00" { order { id = "o1", customer = "c3", amount = "100 yuan" } },
  expect { action { type = "notify", to = "dispatcher", subject = "o1", message = "新客户: 派调度员随车押货取款" } },
  at "2026-03-03 09:00" { order { id = "o2", customer = "c3", amount = "100 yuan" } },
  expect { no_action { type = "notify", to = "dispatcher" } },
  at "2026-03-03 10:00" { order { id = "o3", customer = "c2", amount = "100 yuan" } },
  expect { action { type = "notify", to = "dispatcher", message = "信用不好的客户: 派调度员随车押货取款" } },
  at "2026-03-03 11:00" { order { id = "o4", customer = "c2", amount = "100 yuan", attrs = { rep_on_site = true } } },
  expect { no_action { type = "notify", to = "dispatcher" } },
}
