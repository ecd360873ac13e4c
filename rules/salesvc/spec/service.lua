-- 第一篇 销售服务管理制度.

spec "四(一)3 a visit filed the day before goes to company leadership; on the day it is refused" {
  at "2026-03-09 23:59:59" { request { id = "v1", kind = "visit", subject = "客户参观申请表", attrs = { visit_date = "2026-03-10" } } },
  expect { approval { id = "v1", status = "pending", chain = { "company_leadership" } } },
  at "2026-03-10 00:00" { request { id = "v2", kind = "visit", subject = "客户参观申请表", attrs = { visit_date = "2026-03-10" } } },
  expect { approval { id = "v2", status = "rejected", reason = "《客户参观申请表》应提前一天填写" } },
}

spec "四(一)2 a sample is arranged by quality inspection and the customer's opinion collected" {
  at "2026-03-02 09:00" { customer { id = "c1", owner = "s1" } },
  at "2026-03-02 10:00" { request { id = "sm1", kind = "sample", customer = "c1", subject = "样品 2kg" } },
  expect { approval { id = "sm1", chain = { "quality_inspection" } },
           task { kind = "customer opinion on the sample", customer = "c1", owner = "s1", due_at = "2026-03-16T10:00" } },
  at "2026-03-12 10:00" { followup { customer = "c1", staff = "s1", kind = "sample_feedback" } },
  expect { task { kind = "customer opinion on the sample", status = "done" } },
}

spec "四(二)3–4 every call is answered within two days" {
  at "2026-03-02 09:00" { customer { id = "c1", owner = "s1" } },
  at "2026-03-02 10:00" { complaint { id = "k1", customer = "c1", channel = "call", kind = "delivery" },
                          complaint { id = "k2", customer = "c1", channel = "letter", kind = "invoice" } },
  at "2026-03-04 10:00" { response { complaint = "k1", by = "s1" } },
  at "2026-03-04 10:00:01" { tick },
  expect { task { kind = "every call, letter and visit is answered", ref = "k1", status = "done" },
           task { kind = "every call, letter and visit is answered", ref = "k2", status = "overdue" },
           complaint { id = "k1", routed_to = "sales" } },
}

spec "四(三)1 each sale gets an after-sales follow-up" {
  at "2026-03-02 09:00" { customer { id = "c1", owner = "s1" } },
  at "2026-03-02 10:00" { order { id = "o1", customer = "c1", amount = "20000 yuan" } },
  expect { task { kind = "after-sales follow-up of each sale", customer = "c1", due_at = "2026-04-01T10:00",
                  form = "售后服务档案" } },
  at "2026-03-20 10:00" { followup { customer = "c1", staff = "s1", kind = "aftersales" } },
  expect { task { kind = "after-sales follow-up of each sale", status = "done" } },
}

spec "四(三)3–4 a quality claim goes to quality inspection; corrective measures told within 7 days" {
  at "2026-03-02 09:00" { customer { id = "c1", owner = "s1" } },
  at "2026-03-02 10:00" { complaint { id = "q1", customer = "c1", kind = "quality_claim" } },
  expect { complaint { id = "q1", routed_to = "quality_inspection" },
           task { kind = "corrective measures reported to the customer", ref = "q1", due_at = "2026-03-09T10:00" } },
  at "2026-03-09 10:00:01" { tick },
  expect { task { kind = "corrective measures reported to the customer", status = "escalated",
                  escalated_to = "quality_inspection" } },
}
