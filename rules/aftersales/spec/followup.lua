-- 五.4–五.6 surveys and visits; 四.3 suggestions.

spec "五.4 key customers: a survey and a visit at least once a year" {
  at "2026-01-05 09:00" { customer { id = "c", owner = "s1", attrs = { strategic = true } } },
  expect { task { customer = "c", kind = "satisfaction surveys", owner = "s1", due_at = "2027-01-05T09:00",
                  escalate_to = "sales_head" },
           task { customer = "c", kind = "key customer visits", due_at = "2027-01-05T09:00", form = "顾客走访记录表" } },
  -- a visit closes the visit task only
  at "2026-05-05 10:00" { followup { customer = "c", staff = "s1", kind = "visit" } },
  expect { task { customer = "c", kind = "key customer visits", status = "done" },
           task { customer = "c", kind = "key customer visits", status = "open", due_at = "2027-05-05T10:00" },
           task { customer = "c", kind = "satisfaction surveys", status = "open", due_at = "2027-01-05T09:00" } },
  at "2027-01-05 09:00:01" { tick },
  expect { task { customer = "c", kind = "satisfaction surveys", status = "escalated", escalated_to = "sales_head" } },
}

spec "五.4 general customers: a yearly survey where possible, no visit cadence, no escalation" {
  at "2026-01-05 09:00" { customer { id = "g", owner = "s1" } },
  expect { task { customer = "g", kind = "satisfaction surveys", due_at = "2027-01-05T09:00" },
           no_task { customer = "g", kind = "key customer visits" } },
  at "2027-01-06 09:00" { tick },
  expect { task { customer = "g", kind = "satisfaction surveys", status = "overdue" } },
}

spec "五.5.2 a dissatisfied answer brings another survey within a month" {
  at "2026-01-05 09:00" { staff { id = "cs", role = "customer_service" }, customer { id = "g", owner = "s1" } },
  at "2026-03-01 10:00" { followup { customer = "g", staff = "cs", kind = "survey", fields = { satisfied = false } } },
  expect { task { customer = "g", kind = "survey again after a dissatisfied answer", owner = "cs",
                  due_at = "2026-04-01T10:00" } },
  at "2026-03-25 10:00" { followup { customer = "g", staff = "cs", kind = "survey", fields = { satisfied = true } } },
  expect { task { kind = "survey again after a dissatisfied answer", status = "done" },
           no_task { kind = "survey again after a dissatisfied answer", status = "open" } },
}

spec "五.4 a returned survey (survey.returned) closes the survey task; the next is due a year later" {
  at "2026-01-05 09:00" { customer { id = "g", owner = "s1" } },
  at "2026-03-01 10:00" { survey { customer = "g", satisfied = true, score = 90 } },
  expect { task { customer = "g", kind = "satisfaction surveys", status = "done", due_at = "2027-01-05T09:00" },
           task { customer = "g", kind = "satisfaction surveys", status = "open", due_at = "2027-03-01T10:00" } },
}

spec "五.4 a customer who becomes key is surveyed a year after the last returned survey" {
  at "2025-05-01 09:00" { customer { id = "c", owner = "s1" }, tick },
  at "2025-06-01 10:00" { order { id = "o1", customer = "c", amount = "500万元" } },
  at "2025-09-01 10:00" { survey { customer = "c", satisfied = true } },
  at "2026-01-01 00:00" { tick },
  expect { class = { c = "key" },
           task { customer = "c", kind = "satisfaction surveys", tag = "general", status = "cancelled" },
           task { customer = "c", kind = "satisfaction surveys", tag = "key", status = "open",
                  due_at = "2026-09-01T10:00", escalate_to = "sales_head" } },
}

spec "五.5.2 a dissatisfied survey.returned brings another survey within a month" {
  at "2026-01-05 09:00" { staff { id = "cs", role = "customer_service" }, customer { id = "g", owner = "s1" } },
  at "2026-03-01 10:00" { survey { customer = "g", satisfied = false, score = 40 } },
  expect { task { customer = "g", kind = "survey again after a dissatisfied answer", owner = "cs",
                  due_at = "2026-04-01T10:00" } },
  -- a survey logged as a follow-up ends it as well
  at "2026-03-25 10:00" { followup { customer = "g", staff = "cs", kind = "survey", fields = { satisfied = true } } },
  expect { task { kind = "survey again after a dissatisfied answer", status = "done" },
           no_task { kind = "survey again after a dissatisfied answer", status = "open" } },
  at "2026-06-01 10:00" { survey { customer = "g", satisfied = false } },
  expect { task { kind = "survey again after a dissatisfied answer", status = "open", due_at = "2026-07-01T10:00" } },
  at "2026-06-20 10:00" { survey { customer = "g", satisfied = true } },
  expect { no_task { kind = "survey again after a dissatisfied answer", status = "open" } },
}

spec "五.5.1 survey forms go out every quarter" {
  at "2025-10-01 09:00" { tick },        -- the clock starts
  at "2026-04-16 09:00" { tick },
  expect { task { kind = "survey mailing", due_at = "2026-01-15T23:59:59", status = "overdue" },
           task { kind = "survey mailing", due_at = "2026-04-15T23:59:59", status = "overdue" },
           task { kind = "survey mailing", due_at = "2026-07-15T23:59:59", status = "open" } },
}

spec "五.6 the annual visit plan is due by 31 January and approved by the GM" {
  -- a plan's task opens when the previous one falls due: there is always one open
  at "2025-01-20 09:00" { tick },
  at "2025-02-01 09:00" { tick },
  expect { task { kind = "visit plan", due_at = "2026-01-31T23:59:59", status = "open" } },
  at "2026-01-20 09:00" { staff { id = "gm", role = "general_manager" },
                          request { id = "vp2026", kind = "visit_plan", subject = "2026年走访计划" } },
  expect { task { kind = "visit plan", status = "done" }, approval { id = "vp2026", chain = { "general_manager" } } },
  at "2026-01-21 09:00" { decision { approval = "vp2026", decision = "approve", by = "gm" } },
  expect { approval { id = "vp2026", status = "approved" } },
}

spec "五.6.3 a complaint brings a visit by the sales head; a major one by the GM" {
  at "2026-03-01 09:00" { staff { id = "sh", role = "sales_head" }, staff { id = "gm", role = "general_manager" },
                          customer { id = "c", owner = "s1" } },
  at "2026-03-02 10:00" {
    complaint { id = "k1", customer = "c", kind = "quality" },
    complaint { id = "k2", customer = "c", kind = "delivery", attrs = { major = true } },
  },
  expect { task { kind = "visit after a complaint", ref = "k1", owner = "sh", due_at = "2026-03-09T10:00" },
           task { kind = "leadership visit after a major complaint", ref = "k2", owner = "gm" },
           complaint { id = "k1", routed_to = "sales", form = "顾客服务登记表" } },
  at "2026-03-05 10:00" { followup { customer = "c", staff = "sh", kind = "visit" } },
  expect { task { kind = "visit after a complaint", status = "done" } },
}

spec "四.3 the third complaint of a kind within 90 days calls for corrective action" {
  at "2026-01-01 10:00" { complaint { id = "k1", customer = "a", kind = "packing" } },
  at "2026-02-01 10:00" { complaint { id = "k2", customer = "b", kind = "packing" } },
  expect { no_action { type = "notify" } },
  at "2026-03-31 23:59" { complaint { id = "k3", customer = "c", kind = "packing", attrs = { department = "production" } } },
  expect { action { type = "notify", to = "production", form = "纠正和预防措施处理单" } },
}

spec "四.3 complaints further apart than 90 days are not recurring" {
  at "2026-01-01 10:00" { complaint { id = "k1", customer = "a", kind = "packing" } },
  at "2026-02-01 10:00" { complaint { id = "k2", customer = "b", kind = "packing" } },
  at "2026-04-01 10:01" { complaint { id = "k3", customer = "c", kind = "packing" } },
  expect { no_action { type = "notify" } },
}
