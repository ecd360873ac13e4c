-- 第五章 客户关怀管理 and 第七章 研讨会: plans and what needs whose approval.
-- A care activity or seminar is approval.requested with kind
-- "care_activity" or "seminar", its total cost in amount, and the plan's
-- details in attrs.

-- 14.4 对每次费用金额大于人民币30000元的活动, 必须经总部市场营销部批准,
-- 财务部门才能核销进对应科目; 19.2 the same for seminars.  大于 is strict:
-- exactly 30,000 yuan is approved automatically.
approval "activities over 30,000 yuan need head-office marketing" {
  clause = "14.4, 19.2",
  kind = { "care_activity", "seminar" },
  { amount = more_than(param.activity_approval_above), chain = { "hq_marketing_head" } },
  { auto = true },
}

-- 14.6 对于计划外的客户关怀活动, 负责部门应向公司市场营销部临时报批:
-- attrs.planned = false, whatever it costs.
approval "unplanned care activities approved ad hoc" {
  clause = "14.6",
  kind = "care_activity",
  when = { planned = false },
  chain = { "hq_marketing_head" },
}

-- 19.3.1 公司市场营销部 ... 策划研讨会的开展工作, 形成方案, 报公司高层审批.
approval "seminar plan approved by senior management" {
  clause = "19.3.1",
  kind = "seminar_plan",
  chain = { "senior_management" },
}

-- 14.2 / 18.2 an activity plan records 活动名称、地点、时间、客户人数、主要
-- 客户人员名称和职务、策划的礼品、承办方主要人员及职务和总计费用; 16.2 a
-- revisit plan records 时间、对象客户信息、针对内容.  A plan missing any of
-- them is sent back to its author (requested_by) as incomplete.
local plan_fields = {
  care_activity = { "name", "place", "time", "customers", "key_people", "gifts", "hosts" },
  seminar = { "name", "place", "time", "customers", "key_people", "materials", "gifts", "hosts" },
  revisit_plan = { "time", "customer", "content" },
}

rule "plans record what the regulation lists" {
  clause = "14.2, 16.2, 18.2",
  on = "approval.requested",
  when = { kind = { "care_activity", "seminar", "revisit_plan" } },
  run = function(ev)
    local d = ev.data
    local attrs = d.attrs or {}
    local missing = {}
    for _, f in ipairs(plan_fields[d.kind]) do
      if attrs[f] == nil or attrs[f] == "" then missing[#missing + 1] = f end
    end
    if d.kind ~= "revisit_plan" and d.amount_fen == nil then missing[#missing + 1] = "amount (总计费用)" end
    if #missing > 0 then
      return notify { to = d.requested_by or "hq_marketing_head", subject = d.id,
                      message = "计划不完整, missing: " .. table.concat(missing, ", ") }
    end
  end,
}
