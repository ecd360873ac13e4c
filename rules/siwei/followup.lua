-- Follow-up cadence by class, owners and overdue escalation.

cadence "follow-up by class" {
  clause = "第六–八条",
  -- 第六条 + 第十二条: the region manager follows A customers monthly and
  -- files 《重大客户跟踪服务单》 recording product type, equipment usage,
  -- quality, service opinions and changes of address or phone.
  A = { every = param.a_every, owner = "region_manager", form = "重大客户跟踪服务单",
        overdue = escalate(param.a_escalate_to),
        requires = { "product_type", "usage", "quality", "service_opinion", "contact_changes" } },
  B = { every = param.b_every, owner = "account_owner" },   -- 第七条
  C = { every = param.c_every, owner = "account_owner" },   -- 第八条
}

-- 第九条: demand information.  A customer's attrs.demand says which class
-- its open demand is: "class1" (计重收费 and 超限检测 weighing equipment) or
-- "class2" (ordinary scales).
cadence "demand information follow-up" {
  clause = "第九条",
  by = "demand",
  class1 = { every = param.class1_every, owner = "region_manager", overdue = escalate "sales_gm" },
  class2 = { every = param.class2_every, owner = "account_owner" },
}

rule "class-1 demand reported to the sales general manager" {
  clause = "第九条",
  on = "customer.upsert",
  when = { demand = "class1" },
  run = function(ev)
    return notify { to = "sales_gm", customer = ev.data.id,
                    message = "一类需求信息: 计重收费/超限检测称重设备" }
  end,
}

-- 第十三条: class-1 information must name the bid date and the competing
-- bidders; without them the supervisor is told it is incomplete.  The
-- stored customer is checked, not the upsert, so an update that adds only
-- the bid date is still seen as missing the bidders.
rule "class-1 demand records bid date and bidders" {
  clause = "第十三条",
  on = "customer.upsert",
  run = function(ev)
    local c = facts.customer(ev.data.id)
    local a = c.attrs or {}
    if a.demand ~= "class1" then return end
    local missing = {}
    if a.bid_date == nil then missing[#missing + 1] = "bid_date" end
    if a.bidders == nil then missing[#missing + 1] = "bidders" end
    if #missing > 0 then
      return notify { to = "sales_supervisor", customer = ev.data.id,
                      message = "一类信息不完整, missing: " .. table.concat(missing, ", ") }
    end
  end,
}

-- 第十一条: a weekly demand-information meeting and a monthly report.
calendar "weekly demand meeting" {
  clause = "第十一条",
  every = "week", weekday = 1,
  task = { kind = "demand_meeting", owner = "sales_gm", subject = "需求信息工作会议" },
}

calendar "monthly demand statistics" {
  clause = "第十一条",
  every = "month", day = param.stats_day,
  task = { kind = "demand_statistics", owner = "sales_gm", subject = "产品需求信息统计上报" },
}
