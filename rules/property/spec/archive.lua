-- 篇五 客户档案管理.

spec "borrowing an archive needs the customer-service manager" {
  at "2026-03-02 09:00" { staff { id = "m1", role = "cs_manager" } },
  at "2026-03-02 10:00" { request { id = "b1", subject = "查阅12楼01单元档案", kind = "archive_borrow", requested_by = "s1" } },
  expect { approval { id = "b1", status = "pending", chain = { "cs_manager" } } },
  at "2026-03-02 10:05" { decision { approval = "b1", decision = "approve", by = "m1" } },
  expect { approval { id = "b1", status = "approved" } },
}

spec "an archive cannot be taken out of the office" {
  at "2026-03-02 10:00" {
    request { id = "b2", subject = "借出档案", kind = "archive_borrow", attrs = { take_out = true } },
  },
  expect { rejected "read only in the customer-service office", no_approval { id = "b2" } },
}

spec "original archives are not modified; working files with the manager's consent" {
  at "2026-03-02 10:00" {
    request { id = "x1", subject = "修改原始档案", kind = "archive_change", attrs = { original = true } },
  },
  expect { rejected "original customer archives are not modified" },
  at "2026-03-02 10:05" { request { id = "x2", subject = "更新工作档案", kind = "archive_change" } },
  expect { approval { id = "x2", status = "pending", chain = { "cs_manager" } } },
}

spec "move-out archives are tidied by December 31" {
  at "2025-12-31 12:00" { tick },
  at "2026-01-01 00:00" { tick },
  expect { task { kind = "archive_tidy", due = "2026-12-31T23:59:59", owner = "cs_supervisor" } },
}
