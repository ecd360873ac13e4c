-- 客户关系管理规定 and related documents (seed 004, first parts): a
-- generic customer-relationship regulation.  The seed holds several
-- documents with different classification schemes; this pack offers them
-- as alternatives chosen by `scheme`.
pack {
  title = "客户关系管理规定 (generic)",
  timezone = "+08:00",
  params = {
    -- Which classification the company uses:
    --   "importance"  客户关系管理规定 2: 重要 / 潜在 / 普通
    --   "abc"         公司客户关系管理制度 第五条: A / B / C
    --   "value"       药业公司客户关系管理制度 第四条: 高 / 中 / 低价值
    --   "tenure"      关于客户管理的规定 第四条 3: 新 / 老 / 忠诚 (合作年限)
    scheme = "importance",
    -- Business volume is order revenue over this rolling window.
    revenue_window = "1 year",
    -- 2 重要客户: 贡献巨大业务量 — not quantified; we chose 1,000,000 yuan
    -- a year (以上, inclusive), or attrs.key_resources = true (拥有重要资源).
    important_revenue = "1000000 yuan",
    -- 第五条 A级: 重大贡献 / B级: 一定贡献 — not quantified; we chose
    -- 1,000,000 and 100,000 yuan a year; attrs.potential = "high" (合作潜力)
    -- lifts a customer to at least B.
    a_revenue = "1000000 yuan",
    b_revenue = "100000 yuan",
    -- 药业 第四条 高/中等/低价值: 贡献较大/一定贡献 — chosen like A/B.
    high_value_revenue = "1000000 yuan",
    medium_value_revenue = "100000 yuan",
    -- 第四条 3 按合作年限: the years are not given; we chose old from one
    -- full year of cooperation and loyal from three.
    old_years = 1,
    loyal_years = 3,
    -- 第十四条 1 接到投诉后, 应在24小时内给予回应 (以内: 24h00m is on time).
    complaint_within = "24 hours",
    -- 第八条 2 邮件回复应及时, 最长不超过24小时.
    email_within = "24 hours",
    -- Who hears of an unanswered complaint or e-mail: 2.2 设立客户维护专员 ...
    -- 向上级汇报; we chose the customer-relations manager.
    escalate_to = "crm_manager",
    -- 3.4 / 第十五条 定期回访 — not quantified; we chose every 3 months.
    revisit_every = "3 months",
    -- 药业 第五条 1 高价值客户定期拜访 — we chose monthly, for the top class
    -- of whichever scheme is in use.
    top_visit_every = "1 month",
    -- 3.3 / 第十二条 定期开展客户满意度调查 — we chose each quarter, by the
    -- quarter's last day.
    survey_every = "quarter",
    -- 1.2 确定客户信息的分类等级 ... 只有经过授权的人员才能访问: which roles
    -- may read each level of customer data without asking; anyone else
    -- needs the customer-relations manager's approval.
    data_access = {
      public = { "sales", "service", "crm_manager", "crm_specialist" },
      internal = { "crm_manager", "crm_specialist" },
      confidential = { "crm_manager" },
    },
    data_access_approver = "crm_manager",
  },
}
