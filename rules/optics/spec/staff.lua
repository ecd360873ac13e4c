-- 4.1 staff rules.

spec "4.1.1 quarterly and annual evaluations fall due" {
  at "2025-12-31 09:00" { tick },       -- the clock starts
  at "2026-07-01 09:00" { tick },
  expect { task { kind = "quarterly evaluation", due_at = "2026-06-30T23:59:59" },
           task { kind = "quarterly evaluation", due_at = "2026-09-30T23:59:59", status = "open" },
           task { kind = "annual evaluation", due_at = "2026-12-31T23:59:59" } },
}

spec "4.1.4 refusing an assigned area may end in dismissal" {
  at "2026-03-02 10:00" { violation { staff = "s1", kind = "refused_assignment" } },
  expect { penalty { staff = "s1", sanction = "dismiss" } },
}

spec "4.1.10 publishing sales information needs leadership consent" {
  at "2026-03-02 10:00" { request { id = "w1", kind = "publish", subject = "网络发布招商信息" } },
  expect { approval { id = "w1", chain = { "general_manager" }, status = "pending" } },
}
