-- 五.4–五.6 surveys and visits; 四.3 suggestions and corrective action.
-- A returned 《顾客满意度调查表》 is a survey.returned (satisfied, score), or
-- a followup.logged of kind "survey" with fields.satisfied: both count as a
-- survey.  A visit is a followup.logged of kind "visit" with its
-- 《顾客走访记录表》.

cadence "satisfaction surveys" {
  clause = "五.4",
  key = { every = param.key_survey_every, kind = "survey", owner = "account_owner", form = "顾客满意度调查表",
          overdue = escalate "sales_head" },
  general = { every = param.general_survey_every, kind = "survey", owner = "account_owner",
              form = "顾客满意度调查表" },
}

-- Whether an event is a returned survey, and its answer (satisfied or not).
local function survey_of(d, ev)
  if ev.type == "survey.returned" then return true, d.satisfied end
  if d.kind == "survey" then return true, d.fields and d.fields.satisfied end
  return false
end

-- 五.5.2 当个别顾客表示不满意时, 顾客服务人员要加大调查频次.
deadline "survey again after a dissatisfied answer" {
  clause = "五.5.2",
  on = { "followup.logged", "survey.returned" },
  when = function(d, ev)
    local survey, satisfied = survey_of(d, ev)
    return survey and satisfied == false
  end,
  within = param.dissatisfied_resurvey_within,
  done_on = { "followup.logged", "survey.returned" },
  done_when = function(d, ev) return (survey_of(d, ev)) end,
  match = "customer",
  owner = "customer_service",
  form = "顾客满意度调查表",
}

-- 五.5.1 每季度销售部顾客服务人员 ... 向顾客方采购部门发出《顾客满意度调查表》.
calendar "quarterly survey mailing" {
  clause = "五.5.1",
  every = "quarter", month = 1, day = param.survey_mailing_day,
  task = { kind = "survey mailing", owner = "customer_service", subject = "发出《顾客满意度调查表》",
           form = "顾客满意度调查表" },
}

-- 五.6.1 重点顾客 ... 原则上每年至少定期走访一次.
cadence "key customer visits" {
  clause = "五.6.1",
  key = { every = param.key_visit_every, kind = "visit", owner = "account_owner", form = "顾客走访记录表",
          overdue = escalate "sales_head" },
}

-- 五.6.1–6.2 每年年初制订《走访计划》, 报总经理审批.
calendar "annual visit plans" {
  clause = "五.6.1, 五.6.2",
  every = "year", month = 1, day = param.visit_plan_day,
  task = { kind = "visit plan", owner = "sales_head", subject = "重点顾客及一般顾客《走访计划》" },
  done_on = "approval.requested", done_when = { kind = "visit_plan" },
}
approval "visit plans approved by the general manager" {
  clause = "五.6.1, 五.6.2",
  kind = "visit_plan",
  chain = { "general_manager" },
}

-- 五.6.3 当顾客投诉时, 根据重要程度, 由公司领导、销售部部长等人员及时走访顾客:
-- the sales head visits within complaint_visit_within; a major complaint
-- (attrs.major) goes to the general manager.
deadline "visit after a complaint" {
  clause = "五.6.3",
  on = "complaint.received",
  when = function(d) return d.kind ~= "suggestion" and not (d.attrs and d.attrs.major) end,
  within = param.complaint_visit_within,
  done_on = "followup.logged", done_when = { kind = "visit" }, match = "customer",
  owner = "sales_head", form = "顾客走访记录表",
}
deadline "leadership visit after a major complaint" {
  clause = "五.6.3",
  on = "complaint.received",
  when = { major = true },
  within = param.complaint_visit_within,
  done_on = "followup.logged", done_when = { kind = "visit" }, match = "customer",
  owner = "general_manager", form = "顾客走访记录表",
}

-- 四.3.1 顾客的建议 ... 登记在《顾客服务登记表》上, 并组织相关部门进行解决.
route "customer suggestions and complaints" {
  clause = "四.3.1, 四.2.3",
  { when = { kind = "suggestion" }, to = "sales", form = "顾客服务登记表" },
  { to = "sales", form = "顾客服务登记表" },
}

-- 四.3.3–3.4 针对经常出现的问题组织进行原因分析, 视情况发出《纠正和预防措施
-- 处理单》, 责成有关部门采取相应措施.
rule "recurring problems get corrective action" {
  clause = "四.3.3, 四.3.4",
  on = "complaint.received",
  run = function(ev)
    local kind = ev.data.kind
    if kind == nil or kind == "suggestion" then return end
    local from = time.window(ev.at, param.recurring_window)
    local n = facts.count("complaints", { kind = kind, received_at = { from = from, to = ev.at } })
    if n == param.recurring_count then
      return notify { to = (ev.data.attrs and ev.data.attrs.department) or "sales_head", form = "纠正和预防措施处理单",
                      subject = "纠正和预防措施",
                      message = string.format("%d complaints of kind %s within %s", n, kind, param.recurring_window) }
    end
  end,
}
