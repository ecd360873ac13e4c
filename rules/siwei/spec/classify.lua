-- 第五条: customer classes from the segment, with the reason recorded.

spec "第五条 highway customers are A (重大客户)" {
  at "2026-01-05 09:00" { customer { id = "c1", segment = "highway", region = "west", owner = "s1" } },
  expect { class = { c1 = "A" },
           customer { id = "c1", class_reason = "重大客户: 高速公路系统", class_rule = "customer class" } },
}

spec "第五条 secondary roads and large industrial and mining enterprises are B" {
  at "2026-01-05 09:00" {
    customer { id = "road", segment = "secondary_road", owner = "s1" },
    customer { id = "mine", segment = "large_industrial", owner = "s1" },
  },
  expect { class = { road = "B", mine = "B" } },
}

spec "第五条 everyone else is C (一般客户), with or without a segment" {
  at "2026-01-05 09:00" {
    customer { id = "shop", segment = "retail", owner = "s1" },
    customer { id = "bare", owner = "s1" },
  },
  expect { class = { shop = "C", bare = "C" }, customer { id = "bare", class_reason = "一般客户" } },
}

spec "a changed segment reclassifies and replaces the follow-up task" {
  at "2026-01-05 09:00" { customer { id = "c1", segment = "retail", owner = "s1" } },
  expect { class = { c1 = "C" }, task { customer = "c1", tag = "C", due_at = "2026-07-05T09:00" } },
  at "2026-02-01 09:00" { customer { id = "c1", segment = "secondary_road" } },
  expect { class = { c1 = "B" },
           task { customer = "c1", tag = "C", status = "cancelled" },
           -- no follow-up was logged, so the new interval starts now
           task { customer = "c1", tag = "B", status = "open", due_at = "2026-05-01T09:00" } },
}

spec "an upsert that keeps the class changes nothing" {
  at "2026-01-05 09:00" { customer { id = "c1", segment = "highway", owner = "s1" } },
  at "2026-01-20 09:00" { customer { id = "c1", name = "陕西高速集团" } },
  expect { no_action { type = "classify" }, no_action { type = "schedule_followup" },
           no_task { customer = "c1", status = "cancelled" } },
}
