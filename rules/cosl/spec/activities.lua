-- 14.4 / 19.2: 费用金额大于人民币30000元的活动 needs head-office marketing.

local plan = { name = "油公司年会", place = "天津", time = "2026-04-10", customers = 12,
               key_people = "张总 (副总经理)", gifts = "纪念品", hosts = "李经理" }

spec "a care activity of exactly 30,000 yuan is approved without anyone's signature" {
  at "2026-03-02 09:00" {
    request { id = "a1", subject = "客户关怀活动", kind = "care_activity", amount = "30000 yuan",
              requested_by = "m1", attrs = plan },
  },
  expect {
    approval { id = "a1", status = "approved", decided_by = "auto" },
    no_action { type = "require_approval" },
    no_action { type = "notify" },
  },
}

spec "a care activity of 30,000.01 yuan waits for head-office marketing" {
  at "2026-03-01 09:00" { staff { id = "h1", role = "hq_marketing_head", department = "hq_marketing" } },
  at "2026-03-02 09:00" {
    request { id = "a2", subject = "客户关怀活动", kind = "care_activity", amount = "30000.01 yuan",
              attrs = plan },
  },
  expect {
    approval { id = "a2", status = "pending", amount_fen = 3000001, chain = { "hq_marketing_head" } },
  },
  at "2026-03-03 09:00" { decision { approval = "a2", decision = "approve", by = "h1" } },
  expect { approval { id = "a2", status = "approved", decided_by = "h1" } },
}

spec "a seminar over 30,000 yuan needs head-office marketing too" {
  at "2026-03-02 09:00" {
    request { id = "s1", subject = "技术交流研讨会", kind = "seminar", amount = "45000 yuan",
              attrs = { name = "测井技术交流", place = "湛江", time = "2026-05-12", customers = 30,
                        key_people = "王总", materials = "技术手册", gifts = "无", hosts = "赵经理" } },
  },
  expect { approval { id = "s1", status = "pending", chain = { "hq_marketing_head" } } },
}

spec "an unplanned care activity needs ad-hoc approval whatever it costs" {
  at "2026-03-02 09:00" {
    request { id = "a3", subject = "临时拜访", kind = "care_activity", amount = "2000 yuan",
              attrs = { planned = false, name = "临时拜访", place = "北京", time = "2026-03-05",
                        customers = 2, key_people = "刘处长", gifts = "茶叶", hosts = "陈经理" } },
  },
  expect {
    approval { id = "a3", status = "pending", chain = { "hq_marketing_head" } },
    action { type = "require_approval", rule = "unplanned care activities approved ad hoc" },
  },
}

spec "a seminar plan goes to senior management" {
  at "2026-03-02 09:00" { request { id = "p1", subject = "年度研讨会方案", kind = "seminar_plan" } },
  expect { approval { id = "p1", status = "pending", chain = { "senior_management" } } },
}

spec "an activity plan missing what 14.2 lists goes back to its author" {
  at "2026-03-02 09:00" {
    request { id = "a4", subject = "客户关怀活动", kind = "care_activity", amount = "5000 yuan",
              requested_by = "m1", attrs = { name = "答谢会", place = "深圳" } },
  },
  expect {
    action { type = "notify", to = "m1", message = "计划不完整, missing: time, customers, key_people, gifts, hosts" },
  },
}

spec "a revisit plan records time, customer and content" {
  at "2026-03-02 09:00" {
    request { id = "r1", subject = "四月回访计划", kind = "revisit_plan", requested_by = "m2",
              attrs = { time = "2026-04", customer = "c1" } },
    request { id = "r2", subject = "五月回访计划", kind = "revisit_plan", requested_by = "m2",
              attrs = { time = "2026-05", customer = "c1", content = "固井作业评价" } },
  },
  expect {
    action { type = "notify", to = "m2", subject = "r1", message = "计划不完整, missing: content" },
    no_action { type = "notify", subject = "r2" },
    approval { id = "r2", status = "approved" },
  },
}
