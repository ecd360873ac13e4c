-- 六 travel and business expenses, 三 monthly plans.

local function people()
  return { staff { id = "dh", role = "department_head" }, staff { id = "sl", role = "supervising_leader" },
           staff { id = "s1", role = "sales" } }
end

-- A trip approved by both signers.
local function approved_trip()
  return {
    at "2026-03-01 09:00" (people()),
    at "2026-03-01 10:00" { request { id = "t1", kind = "travel", subject = "出差 喀什", requested_by = "s1" } },
    at "2026-03-01 11:00" { decision { approval = "t1", decision = "approve", by = "dh" },
                            decision { approval = "t1", decision = "approve", by = "sl" } },
  }
end

spec "六.1 a trip needs the department head and the supervising leader" {
  at "2026-03-01 09:00" (people()),
  at "2026-03-01 10:00" { request { id = "t1", kind = "travel", subject = "出差" } },
  expect { approval { id = "t1", chain = { "department_head", "supervising_leader" }, mode = "all" } },
  at "2026-03-01 11:00" { decision { approval = "t1", decision = "approve", by = "dh" } },
  expect { approval { id = "t1", status = "pending" } },
  at "2026-03-01 11:30" { decision { approval = "t1", decision = "approve", by = "sl" } },
  expect { approval { id = "t1", status = "approved" } },
}

-- claims(time, { id = attrs, ... }): travel claims filed at one time.
local function claims(when, list)
  local items = {}
  for id, attrs in pairs(list) do
    attrs.trip = attrs.trip or "t1"
    if attrs.receipts_complete == nil then attrs.receipts_complete = true end
    attrs.trip_end = attrs.trip_end or "2026-03-10"
    items[#items + 1] = request { id = id, kind = "travel_claim", subject = "差旅报销", requested_by = "s1", attrs = attrs }
  end
  return at (when) (items)
end

local function with_trip(steps)
  local out = approved_trip()
  for _, s in ipairs(steps) do out[#out + 1] = s end
  return out
end

spec "六.2 a manager: 200 a day in Xinjiang, 250 outside" (with_trip {
  claims("2026-03-11 10:00", {
    k1 = { role = "manager", xinjiang = true, transit_days = 1, stay_days = 2 },
    k2 = { role = "manager", xinjiang = false, transit_days = 1, stay_days = 2 },
  }),
  expect { action { type = "notify", subject = "差旅报销 k1", message = "reimburse 60000 fen besides transport" },
           action { type = "notify", subject = "差旅报销 k2", message = "reimburse 75000 fen besides transport" } },
})

spec "六.2 a salesperson in Xinjiang: 40 a day in transit, lodging up to 150 a day" (with_trip {
  claims("2026-03-11 10:00", {
    k1 = { role = "sales", xinjiang = true, transit_days = 2, stay_days = 3, lodging = "500 yuan" },
    k2 = { role = "sales", xinjiang = true, transit_days = 2, stay_days = 3, lodging = "450 yuan" },
    k3 = { role = "sales", xinjiang = true, transit_days = 2, stay_days = 3, lodging = "400 yuan" },
  }),
  expect { action { subject = "差旅报销 k1", message = "reimburse 53000 fen besides transport" },   -- 80 + 450 (cap)
           action { subject = "差旅报销 k2", message = "reimburse 53000 fen besides transport" },
           action { subject = "差旅报销 k3", message = "reimburse 48000 fen besides transport" } },
})

spec "六.2 a salesperson outside Xinjiang: 40 a day in transit, 180 a day staying" (with_trip {
  claims("2026-03-11 10:00", { k1 = { role = "sales", xinjiang = false, transit_days = 2, stay_days = 3 } }),
  expect { action { subject = "差旅报销 k1", message = "reimburse 62000 fen besides transport" } },
})

spec "六.2 claims within a week of the trip's end; the eighth day is too late" (with_trip {
  claims("2026-03-17 23:59:59", { ok = { role = "sales", xinjiang = false, transit_days = 1, stay_days = 0 } }),
  claims("2026-03-18 00:00", { late = { role = "sales", xinjiang = false, transit_days = 1, stay_days = 0 } }),
  expect { approval { id = "ok", status = "approved" },
           approval { id = "late", status = "rejected", reason = "未于出差结束后一周内报销 (六.2)" } },
})

spec "六.2 claims need complete receipts and an approved trip" {
  at "2026-03-01 09:00" (people()),
  at "2026-03-01 10:00" { request { id = "t1", kind = "travel", subject = "出差" } },
  claims("2026-03-11 10:00", { k1 = { role = "sales", transit_days = 1 } }),
  expect { approval { id = "k1", status = "rejected", reason = "出差未经批准 (六.1)" } },
}

spec "六.3 entertainment needs both; 六.4 gifts need the supervising leader beforehand" {
  at "2026-03-01 10:00" {
    request { id = "e1", kind = "entertainment", subject = "招待客户", amount = "800 yuan" },
    request { id = "g1", kind = "gift", subject = "客户礼品", amount = "300 yuan" },
  },
  expect { approval { id = "e1", chain = { "department_head", "supervising_leader" } },
           approval { id = "g1", chain = { "supervising_leader" }, before = 1 } },
}

spec "三.2 the monthly plan is due on the 5th and approved by the department manager" {
  at "2026-02-01 09:00" { tick },        -- the clock starts
  at "2026-03-01 09:00" { tick },
  expect { task { kind = "monthly work plan", due_at = "2026-03-05T23:59:59", status = "open" } },
  at "2026-03-03 09:00" { request { id = "plan-s1-03", kind = "monthly_plan", subject = "3月工作计划", requested_by = "s1" } },
  expect { task { kind = "monthly work plan", due_at = "2026-03-05T23:59:59", status = "done" },
           approval { id = "plan-s1-03", chain = { "department_manager" } } },
}
