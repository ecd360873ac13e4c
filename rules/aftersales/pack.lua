-- 售后服务管理规范 (after-sales service and customer satisfaction), seed 002.
-- Roles: sales_head (销售部部长), customer_service (顾客服务人员),
-- general_manager (总经理).
pack {
  title = "售后服务管理规范",
  timezone = "+08:00",
  params = {
    -- 五.1.1 b 上年度销售收入在500万元以上的顾客为重点顾客 (以上: inclusive).
    key_revenue = "500万元",
    -- 五.4 每年对所有的重要顾客进行一次顾客满意度调查; 每年在可能情况下对一般
    -- 顾客进行一次: both yearly; for general customers there is no escalation.
    key_survey_every = "1 year",
    general_survey_every = "1 year",
    -- 五.5.2 当个别顾客表示不满意时, 要加大调查频次: by how much is not said;
    -- we chose another survey within a month of each dissatisfied answer.
    dissatisfied_resurvey_within = "1 month",
    -- 五.5.1 每季度 ... 发出《顾客满意度调查表》: by the 15th of each quarter's
    -- first month (our choice; the document gives no day).
    survey_mailing_day = 15,
    -- 五.6.1 重点顾客 ... 原则上每年至少定期走访一次.
    key_visit_every = "1 year",
    -- 五.6.1–6.2 走访计划 made 每年年初: due by 31 January (our reading of 年初).
    visit_plan_day = 31,
    -- 五.6.3 当顾客投诉时 ... 及时走访顾客: we chose within 7 days.
    complaint_visit_within = "7 days",
    -- 四.3.4 针对经常出现的问题 ... 发出《纠正和预防措施处理单》: "经常" is not
    -- quantified; we chose 3 complaints of one kind within 90 days.
    recurring_count = 3,
    recurring_window = "90 days",
  },
}
