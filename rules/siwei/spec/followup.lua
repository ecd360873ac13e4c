-- 第六–八条 follow-up cadence by class, 第十二条 what an A follow-up records.

-- The staff every spec below starts with: two region managers, so the
-- owner of an A task is the manager of the customer's own region.
local function staff_west_east()
  return {
    staff { id = "mw", role = "region_manager", region = "west" },
    staff { id = "me", role = "region_manager", region = "east" },
    staff { id = "gm", role = "sales_gm" },
    staff { id = "s1", role = "sales", region = "east" },
  }
end

-- 第十二条: everything an A follow-up must record.
local complete = { product_type = "SCS-100 汽车衡", usage = "正常", quality = "良好",
                   service_opinion = "满意", contact_changes = "无" }

spec "第六条 A customers: monthly, owned by the manager of their region" {
  at "2026-01-05 08:00" (staff_west_east()),
  at "2026-01-05 09:00" {
    customer { id = "w1", segment = "highway", region = "west", owner = "s1" },
    customer { id = "e1", segment = "highway", region = "east", owner = "s1" },
  },
  expect {
    task { customer = "w1", owner = "mw", due_at = "2026-02-05T09:00", form = "重大客户跟踪服务单",
           escalate_to = "sales_gm" },
    task { customer = "e1", owner = "me", due_at = "2026-02-05T09:00" },
  },
}

spec "第七条 B quarterly and 第八条 C twice a year, owned by the account owner" {
  at "2026-01-05 09:00" {
    customer { id = "b1", segment = "secondary_road", owner = "s1" },
    customer { id = "c1", segment = "retail", owner = "s2" },
  },
  expect {
    task { customer = "b1", owner = "s1", due_at = "2026-04-05T09:00" },
    task { customer = "c1", owner = "s2", due_at = "2026-07-05T09:00" },
    no_task { customer = "b1", escalate_to = "sales_gm" },
  },
}

spec "a logged follow-up completes the task and starts the next interval from that day" {
  at "2026-01-05 09:00" { customer { id = "b1", segment = "secondary_road", owner = "s1" } },
  at "2026-03-20 15:00" { followup { customer = "b1", staff = "s1" } },
  expect {
    task { customer = "b1", due_at = "2026-04-05T09:00", status = "done", done_at = "2026-03-20T15:00" },
    task { customer = "b1", due_at = "2026-06-20T15:00", status = "open", owner = "s1" },
  },
}

spec "第十二条 a complete A follow-up (重大客户跟踪服务单) closes the task" {
  at "2026-01-05 08:00" (staff_west_east()),
  at "2026-01-05 09:00" { customer { id = "w1", segment = "highway", region = "west", owner = "s1" } },
  at "2026-01-28 10:00" { followup { customer = "w1", staff = "mw", form = "重大客户跟踪服务单",
                                     fields = complete } },
  expect {
    task { customer = "w1", due_at = "2026-02-05T09:00", status = "done" },
    task { customer = "w1", due_at = "2026-02-28T10:00", status = "open", owner = "mw" },
    no_action { type = "notify" },
  },
}

spec "第十二条 an A follow-up missing required fields is incomplete: the task stays open" {
  at "2026-01-05 08:00" (staff_west_east()),
  at "2026-01-05 09:00" { customer { id = "w1", segment = "highway", region = "west", owner = "s1" } },
  at "2026-01-28 10:00" { followup { customer = "w1", staff = "mw",
                                     fields = { product_type = "SCS-100 汽车衡", usage = "正常", quality = "",
                                                service_opinion = "满意" } } },
  expect {
    action { type = "notify", to = "mw", customer = "w1",
             message = "follow-up is incomplete, missing: quality, contact_changes" },
    task { customer = "w1", due_at = "2026-02-05T09:00", status = "open" },
    no_action { type = "complete_followup" },
  },
}

spec "B and C follow-ups need no 第十二条 fields" {
  at "2026-01-05 09:00" { customer { id = "c1", segment = "retail", owner = "s1" } },
  at "2026-02-01 09:00" { followup { customer = "c1", staff = "s1" } },
  expect { task { customer = "c1", status = "done" }, no_action { type = "notify" } },
}

spec "an overdue A follow-up is escalated to the sales general manager on the tick" {
  at "2026-01-05 08:00" (staff_west_east()),
  at "2026-01-05 09:00" { customer { id = "w1", segment = "highway", region = "west", owner = "s1" } },
  at "2026-02-06 09:00" { tick },
  expect {
    task { customer = "w1", status = "escalated", escalated_to = "sales_gm" },
    action { type = "escalate", to = "sales_gm" },
  },
  -- logging the late follow-up still closes it
  at "2026-02-07 09:00" { followup { customer = "w1", staff = "mw", fields = complete } },
  expect { task { customer = "w1", status = "done", escalated_to = "sales_gm" },
           task { customer = "w1", status = "open", due_at = "2026-03-07T09:00" } },
}

spec "an overdue B follow-up is marked overdue, not escalated" {
  at "2026-01-05 09:00" { customer { id = "b1", segment = "secondary_road", owner = "s1" } },
  at "2026-04-06 09:00" { tick },
  expect { task { customer = "b1", status = "overdue" }, no_action { type = "escalate" } },
}

spec "boundary: due on the 31st in a 30-day month falls on the 30th" {
  at "2026-03-31 10:00" { customer { id = "w1", segment = "highway", region = "west", owner = "s1" } },
  expect { task { customer = "w1", due_at = "2026-04-30T10:00:00" } },
}

spec "boundary: a 31 January A customer is due on 28 February" {
  at "2026-01-31 10:00" { customer { id = "w1", segment = "highway", owner = "s1" } },
  expect { task { customer = "w1", due_at = "2026-02-28T10:00:00" } },
}

spec "boundary: exactly at the due time the task is not overdue; one second later it is" {
  at "2026-03-31 10:00" { customer { id = "w1", segment = "highway", region = "west", owner = "s1" } },
  at "2026-04-30 10:00:00" { tick },
  expect { task { customer = "w1", status = "open" }, no_action { type = "escalate" } },
  at "2026-04-30 10:00:01" { tick },
  expect { task { customer = "w1", status = "escalated", escalated_to = "sales_gm" } },
}

spec "boundary: a follow-up logged at the due second is on time" {
  at "2026-03-31 10:00" { customer { id = "w1", segment = "highway", owner = "s1" } },
  at "2026-04-30 10:00:00" { followup { customer = "w1", staff = "s1", fields = complete } },
  at "2026-04-30 10:00:01" { tick },
  expect { task { customer = "w1", status = "done", due_at = "2026-04-30T10:00:00" },
           no_task { customer = "w1", status = "escalated" } },
}
