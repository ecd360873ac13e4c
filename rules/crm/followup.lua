-- Answers within 24 hours, revisits, visits to the best customers, surveys.

-- 客户关系_日常管理制度 第十四条 1: 接到投诉后, 应在24小时内给予回应.
deadline "complaint answered within 24 hours" {
  clause = "日常管理 第十四条",
  on = "complaint.received", within = param.complaint_within,
  done_on = "complaint.responded",
  owner = "account_owner", overdue = escalate(param.escalate_to),
}

-- 第八条 2: 邮件回复应及时, 最长不超过24小时.  A customer's e-mail is
-- followup.logged { kind = "email_in" }; the answer { kind = "email_reply" }.
deadline "e-mail answered within 24 hours" {
  clause = "日常管理 第八条",
  on = "followup.logged", when = { kind = "email_in" },
  within = param.email_within,
  done_on = "followup.logged", done_when = { kind = "email_reply" }, match = "customer",
  owner = "account_owner", overdue = escalate(param.escalate_to),
}

-- 3.4 定期回访 / 日常管理 第十五条 定期对客户进行回访.  A revisit is
-- followup.logged { kind = "revisit" } (a visit also counts).
cadence "regular revisits" {
  clause = "3.4, 日常管理 第十五条",
  by = "status",
  active = { every = param.revisit_every, owner = "account_owner", kind = { "revisit", "visit" } },
}

-- 药业 第五条 1: 定期拜访 high-value customers — the top class of the scheme
-- in use.  A visit is followup.logged { kind = "visit" }.
local top_class = { importance = "important", abc = "A", value = "high", tenure = "loyal" }
cadence "top customers visited regularly" {
  clause = "药业 第五条",
  [top_class[param.scheme]] = { every = param.top_visit_every, owner = "account_owner", kind = "visit" },
}

-- 3.3 定期开展客户满意度调查.
calendar "customer satisfaction survey" {
  clause = "3.3, 日常管理 第十六条",
  every = param.survey_every, day = 31, month = 3,
  task = { kind = "satisfaction_survey", owner = "crm_manager", subject = "客户满意度调查及分析" },
}
