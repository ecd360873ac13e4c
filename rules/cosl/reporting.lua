-- 第四章 客户信息管理: the customer archive and its reporting calendar.

-- 13.1 (and 9.2, 10.2, 11.2) 将当日发生的客户信息形成《客户档案》存档: a
-- contact with a customer (any logged follow-up) must reach the customer's
-- archive record (a customer.upsert) by the end of that day.
deadline "customer information filed the same day" {
  clause = "13.1",
  on = "followup.logged",
  within = "same day",
  done_on = "customer.upsert", match = "customer",
  owner = "account_owner", form = "客户档案",
}

-- 13.1.1 事业部基地 ... 于每月15日及30日将客户信息传递到事业部市场营销部及
-- 分公司市场营销部.
calendar "bases send customer information on the 15th and 30th" {
  clause = "13.1.1",
  every = "month", days = param.base_report_days,
  task = { kind = "base_customer_info", owner = "base_marketing", form = "客户档案",
           subject = "客户信息传递到事业部及分公司市场营销部" },
}

-- 13.1.2 事业部 ... 形成《事业部月度客户信息汇总表》上报公司市场营销部.
calendar "division monthly customer summary" {
  clause = "13.1.2",
  every = "month", day = param.monthly_summary_day,
  task = { kind = "division_summary", owner = "division_marketing", form = "事业部月度客户信息汇总表",
           subject = "月度客户信息汇总上报公司市场营销部" },
}

-- 13.1.3 分公司 ... 制作成《分公司月度客户信息汇总表》上报公司市场营销部.
calendar "branch monthly customer summary" {
  clause = "13.1.3",
  every = "month", day = param.monthly_summary_day,
  task = { kind = "branch_summary", owner = "branch_marketing", form = "分公司月度客户信息汇总表",
           subject = "月度客户信息汇总上报公司市场营销部" },
}

-- 13.2.3 《客户信息手册》需要根据每日的市场信息 ... 每半年进行更新.
calendar "customer handbook updated every half year" {
  clause = "13.2.3",
  every = "year", months = param.handbook_months, day = 31,
  task = { kind = "handbook_update", owner = "hq_marketing_head", form = "客户信息手册",
           subject = "更新《客户信息手册》" },
}
