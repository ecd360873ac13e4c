-- Consent, disclosure, access by level.

spec "personal data without consent and purpose is refused" {
  at "2026-03-02 09:00" { customer { id = "c1", attrs = { personal = { phone = "13800000000" } } } },
  expect { rejected "needs the customer's consent", no_action { type = "classify" } },
  at "2026-03-02 09:05" {
    customer { id = "c2", attrs = { personal = { phone = "13900000000" }, consent = true } },
  },
  expect { rejected "attrs.purpose" },
}

spec "personal data with consent and a purpose is kept" {
  at "2026-03-02 09:00" {
    customer { id = "c1", attrs = { consent = true, purpose = "售后服务联系" } },
    customer { id = "c1", attrs = { personal = { phone = "13800000000" } } },
  },
  expect { customer { id = "c1" } },
}

spec "a disclosure to a third party waits for the customer's own consent" {
  at "2026-03-02 09:00" {
    customer { id = "c1" },
    staff { id = "m1", role = "crm_manager" },
    request { id = "d1", subject = "向合作方提供联系方式", kind = "disclosure", customer = "c1" },
  },
  expect { approval { id = "d1", status = "pending", chain = { "customer" } } },
  at "2026-03-02 10:00" { decision { approval = "d1", decision = "approve", by = "m1" } },
  expect { rejected "cannot decide" },
  at "2026-03-02 11:00" { decision { approval = "d1", decision = "approve", by = "c1" } },
  expect { approval { id = "d1", status = "approved", decided_by = "c1" } },
}

spec "customer data is read by level: authorised roles freely, others with approval" {
  at "2026-03-02 09:00" {
    staff { id = "s1", role = "sales" },
    staff { id = "m1", role = "crm_manager" },
    request { id = "r1", subject = "查看客户档案", kind = "data_access", requested_by = "s1",
              attrs = { level = "public" } },
    request { id = "r2", subject = "查看客户档案", kind = "data_access", requested_by = "s1",
              attrs = { level = "confidential" } },
    request { id = "r3", subject = "查看客户档案", kind = "data_access", requested_by = "m1",
              attrs = { level = "confidential" } },
  },
  expect {
    approval { id = "r1", status = "approved", decided_by = "auto" },
    approval { id = "r2", status = "pending", chain = { "crm_manager" } },
    approval { id = "r3", status = "approved", decided_by = "auto" },
  },
}
