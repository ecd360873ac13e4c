-- 四(一) 售前服务, 四(二) 售中服务, 四(三) 售后服务.

-- 四(一)3 客户提出到公司参观的 ... 应提前一天填写《客户参观申请表》, 经公司领导
-- 审批后予以实施.  A visit request (kind "visit", attrs.visit_date) filed
-- on the visit day or later is refused.
local function too_late(ev)
  local day = time.start_of(time.parse(ev.data.attrs.visit_date), "day")
  return ev.at >= time.add(day, param.visit_notice, -1) + 86400
end

rule "visit requests one day ahead" {
  clause = "四(一)3",
  on = "approval.requested",
  when = { kind = "visit" },
  run = function(ev)
    if too_late(ev) then
      return reject { approval = ev.data.id, by = "rule", reason = "《客户参观申请表》应提前一天填写" }
    end
  end,
}

approval "customer visits approved by company leadership" {
  clause = "四(一)3",
  kind = "visit",
  when = function(_, ev) return not too_late(ev) end,
  chain = { "company_leadership" },
}

-- 四(一)2 客户要求提供样品的, 由销售部提出书面申请, 由质检部安排取样, 销售部
-- 负责 ... 客户对样品意见的收集.
approval "samples arranged by quality inspection" {
  clause = "四(一)2",
  kind = "sample",
  chain = { "quality_inspection" },
}
deadline "customer opinion on the sample" {
  clause = "四(一)2",
  on = "approval.requested",
  when = { kind = "sample" },
  within = param.sample_feedback_within,
  done_on = "followup.logged", done_when = { kind = "sample_feedback" }, match = "customer",
  owner = "account_owner",
}

-- 四(二)3–4 做好客户来电、来函、来访的记录工作 ... 给客户满意回复: every
-- contact is recorded (a complaint.received with its channel) and answered.
deadline "every call, letter and visit is answered" {
  clause = "四(二)3, 四(二)4",
  on = "complaint.received",
  within = param.answer_within,
  done_on = "complaint.responded",
  owner = "account_owner",
}

-- 四(三)1 对售出的产品, 应建立售后服务档案, 做好跟踪服务工作.
deadline "after-sales follow-up of each sale" {
  clause = "四(三)1",
  on = "order.placed",
  within = param.aftersales_within,
  done_on = "followup.logged", done_when = { kind = "aftersales" }, match = "customer",
  owner = "account_owner", form = "售后服务档案",
}

-- 四(三)3, 6 质量问题, 质量索赔 are handled with the quality department ...
route "quality problems and claims" {
  clause = "四(三)3, 四(三)6, 四(一)1",
  { when = { kind = { "quality", "quality_claim" } }, to = "quality_inspection" },
  { to = "sales" },
}

-- ... and 四(三)4 及时将纠正措施通知客户: the customer hears the corrective
-- measures (complaint.responded) within corrective_within.
deadline "corrective measures reported to the customer" {
  clause = "四(三)4",
  on = "complaint.received",
  when = { kind = { "quality", "quality_claim" } },
  within = param.corrective_within,
  done_on = "complaint.responded",
  owner = "account_owner",
  overdue = escalate "quality_inspection",
}
