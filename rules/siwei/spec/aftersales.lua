-- Part 二 售后服务管理办法, 三 客户意见和投诉.

local function people()
  return {
    staff { id = "ms1", role = "marketing_supervisor" },
    staff { id = "s1", role = "sales" },
  }
end

spec "二.三 every complaint is reported to the marketing supervisor" {
  at "2026-03-02 10:00" { complaint { id = "k1", customer = "c1", kind = "quality", channel = "call", paid = false } },
  expect { action { type = "notify", to = "marketing_supervisor", customer = "c1",
                    message = "客户意见/投诉 k1 (quality)" } },
}

spec "二.三 a complaint not decided paid or free is refused" {
  at "2026-03-02 10:00" { complaint { id = "k1", customer = "c1", kind = "quality" } },
  expect { rejected "must say whether service is paid or free", no_approval { id = "paid-service:k1" } },
}

spec "二.三 free service needs no confirmation" {
  at "2026-03-02 10:00" { complaint { id = "k1", customer = "c1", kind = "other", paid = false } },
  expect { no_approval { id = "paid-service:k1" }, no_action { type = "require_approval" } },
}

spec "二.三 paid service is confirmed by the marketing supervisor" {
  at "2026-03-02 09:00" (people()),
  at "2026-03-02 10:00" { complaint { id = "k1", customer = "c1", kind = "other", paid = true } },
  expect { approval { id = "paid-service:k1", kind = "paid_service", status = "pending",
                      chain = { "marketing_supervisor" } } },
  at "2026-03-02 11:00" { decision { approval = "paid-service:k1", decision = "approve", by = "ms1" } },
  expect { approval { id = "paid-service:k1", status = "approved", decided_by = "ms1" } },
}

spec "二.三 a salesperson cannot confirm paid service" {
  at "2026-03-02 09:00" (people()),
  at "2026-03-02 10:00" { complaint { id = "k1", customer = "c1", kind = "other", paid = true } },
  at "2026-03-02 11:00" { decision { approval = "paid-service:k1", decision = "approve", by = "s1" } },
  expect { rejected "cannot decide approval 'paid-service:k1': waiting for marketing_supervisor",
           approval { id = "paid-service:k1", status = "pending" } },
}

spec "二.三 the marketing supervisor may refuse paid service" {
  at "2026-03-02 09:00" (people()),
  at "2026-03-02 10:00" { complaint { id = "k1", customer = "c1", kind = "other", paid = true } },
  at "2026-03-02 11:00" { decision { approval = "paid-service:k1", decision = "reject", by = "ms1",
                                     note = "保修期内, 应无偿" } },
  expect { approval { id = "paid-service:k1", status = "rejected", reason = "保修期内, 应无偿" } },
}

spec "二.三 quality and function complaints go to R&D with a 产品质量缺陷报告单" {
  at "2026-03-02 10:00" {
    complaint { id = "q", customer = "c1", kind = "quality", paid = false },
    complaint { id = "f", customer = "c1", kind = "function", paid = false },
  },
  expect {
    complaint { id = "q", routed_to = "rd_design_production", form = "产品质量缺陷报告单" },
    complaint { id = "f", routed_to = "rd_design_production", form = "产品质量缺陷报告单" },
  },
}

spec "二.三 attitude complaints go to the sales company, dealer complaints to dealer coordination" {
  at "2026-03-02 10:00" {
    complaint { id = "a", customer = "c1", kind = "attitude", paid = false },
    complaint { id = "d", customer = "c1", kind = "dealer", paid = false },
    complaint { id = "o", customer = "c1", kind = "installation_time", paid = false },
  },
  expect {
    complaint { id = "a", routed_to = "sales_company" },
    complaint { id = "d", routed_to = "dealer_coordination" },
    complaint { id = "o", routed_to = "after_sales_center" },
  },
}

spec "二.三 a major complaint (media, lawsuit) is flagged and goes to the general manager" {
  at "2026-03-02 10:00" {
    complaint { id = "m", customer = "c1", kind = "quality", paid = false, attrs = { major = true } },
  },
  expect { complaint { id = "m", routed_to = "general_manager", major = 1 } },
}
