-- 第三条: signed contracts go to the department manager for review.

spec "第三条 a signed contract handed in the next day is reviewed after the fact" {
  at "2026-03-02 09:00" { staff { id = "m1", role = "department_manager" } },
  at "2026-03-02 10:00" {
    customer { id = "c1", owner = "s1" },
    order { id = "ht1", customer = "c1", staff = "s1", amount = "5000 yuan" },
  },
  expect { task { kind = "signed contracts handed in for review", ref = "ht1", owner = "s1",
                  due_at = "2026-03-03T10:00" } },
  at "2026-03-03 10:00" { request { id = "ht1", kind = "contract", subject = "认购书 ht1" } },
  expect { task { ref = "ht1", status = "done" },
           approval { id = "ht1", status = "pending", before = 0, chain = { "department_manager" } } },
  at "2026-03-03 11:00" { decision { approval = "ht1", decision = "approve", by = "m1" } },
  expect { approval { id = "ht1", status = "approved" } },
}

spec "第三条 a contract not handed in within a day goes to the manager" {
  at "2026-03-02 10:00" {
    customer { id = "c1", owner = "s1" },
    order { id = "ht1", customer = "c1", staff = "s1", amount = "5000 yuan" },
  },
  at "2026-03-03 10:00:01" { tick },
  expect { task { ref = "ht1", status = "escalated", escalated_to = "department_manager" } },
}
