-- 销售管理制度 (seed 001, 第五篇): a feed producer's sales regulation —
-- planning calendar, contracts, orders and customer complaints.
pack {
  title = "销售管理制度 (饲料)",
  timezone = "+08:00",
  params = {
    -- 「25日前」「9:00時前」: we read 前 as "by, inclusive" (the 25th still
    -- counts).  false reads it as "before": the day (or minute) before.
    before_inclusive = true,
    -- 三.1 每年的9-10月份完成下一年的销售计划: by the end of October.
    annual_plan_month = 10,
    annual_plan_day = 31,
    -- 三.2 每月25日前完成下三个月的滚动销售计划.
    rolling_plan_day = 25,
    -- 三.3 每月19日完成下月销售计划的制定.
    next_month_plan_day = 19,
    -- 三.3 在25日前 ... 分解落实各地区的销售任务.
    regional_targets_day = 25,
    -- 三.4 每月9日、19日、29日完成下一旬销售计划 (29 in February: its last day).
    ten_day_plan_days = { 9, 19, 29 },
    -- 五.2.C 订单应提前1-2天向公司提供: we chose at least 1 day before the
    -- pickup time; shorter notice is flagged to the dispatch office.
    order_lead = "1 day",
    -- 五.2.D 将核准后的订单于上午9:00時前及下午1:30時前编好.
    batch_times = { "09:00", "13:30" },
    -- 七.1.B 涉及退货赔偿或严重影响公司声誉: complaint kinds that need a
    -- 《客户投诉申请单》 (and attrs.reputation = "serious").
    form_kinds = { "return", "compensation" },
    -- 七.1.E 送其他部门会签意见: the seed does not name them; we chose these.
    countersign = { "quality_dept", "production_dept", "finance_dept" },
  },
}
