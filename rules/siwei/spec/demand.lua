-- 第九条 demand information, 第十一条 meeting and statistics, 第十三条 bids.

spec "第九条 class-1 demand: weekly follow-up by the region manager, reported to the sales GM" {
  at "2026-01-05 08:00" { staff { id = "mw", role = "region_manager", region = "west" } },
  at "2026-01-05 09:00" {
    customer { id = "w1", segment = "highway", region = "west", owner = "s1",
               attrs = { demand = "class1", bid_date = "2026-02-10", bidders = "梅特勒, 耀华" } },
  },
  expect {
    task { customer = "w1", kind = "demand information follow-up", tag = "class1", owner = "mw",
           due_at = "2026-01-12T09:00", escalate_to = "sales_gm" },
    action { type = "notify", to = "sales_gm", customer = "w1" },
    -- 第十三条 is satisfied: no incomplete-information notice
    no_action { type = "notify", to = "sales_supervisor" },
  },
  at "2026-01-12 09:00:01" { tick },
  expect { task { kind = "demand information follow-up", status = "escalated", escalated_to = "sales_gm" } },
}

spec "第九条 class-2 demand: the account owner follows it monthly (定期, our default)" {
  at "2026-01-05 09:00" { customer { id = "c1", owner = "s1", attrs = { demand = "class2" } } },
  expect {
    task { customer = "c1", kind = "demand information follow-up", tag = "class2", owner = "s1",
           due_at = "2026-02-05T09:00" },
    no_action { type = "notify", to = "sales_gm" },
  },
}

spec "第九条 a customer with no open demand has no demand task" {
  at "2026-01-05 09:00" { customer { id = "c1", owner = "s1" } },
  expect { no_task { kind = "demand information follow-up" } },
}

spec "第十三条 class-1 information without bid date and bidders is reported incomplete" {
  at "2026-01-05 09:00" { customer { id = "w1", owner = "s1", attrs = { demand = "class1" } } },
  expect { action { type = "notify", to = "sales_supervisor", customer = "w1",
                    message = "一类信息不完整, missing: bid_date, bidders" } },
  at "2026-01-06 09:00" { customer { id = "w1", attrs = { bid_date = "2026-02-10" } } },
  expect { action { type = "notify", to = "sales_supervisor", message = "一类信息不完整, missing: bidders" } },
}

spec "第十一条 a weekly demand meeting every Monday" {
  at "2026-01-05 09:00" { tick },        -- the clock starts (a Monday)
  at "2026-01-13 09:00" { tick },
  expect {
    task { kind = "demand_meeting", owner = "sales_gm", subject = "需求信息工作会议",
           due_at = "2026-01-12T23:59:59" },
    task { kind = "demand_meeting", due_at = "2026-01-19T23:59:59", status = "open" },
  },
  at "2026-01-20 00:00:00" { tick },
  expect { task { kind = "demand_meeting", due_at = "2026-01-19T23:59:59", status = "overdue" },
           task { kind = "demand_meeting", due_at = "2026-01-26T23:59:59", status = "open" } },
}

spec "第十一条 monthly demand statistics due by the month's last day" {
  at "2026-01-15 09:00" { tick },
  at "2026-02-01 09:00" { tick },
  expect { task { kind = "demand_statistics", subject = "产品需求信息统计上报",
                  due_at = "2026-02-28T23:59:59" } },
  at "2026-04-01 09:00" { tick },
  expect { task { kind = "demand_statistics", due_at = "2026-03-31T23:59:59" },
           task { kind = "demand_statistics", due_at = "2026-04-30T23:59:59" } },
}
