-- 新疆康盾管业有限公司 销售管理制度, seed 001 第四篇.
-- Roles: sales (业务员), department_manager (部门经理), department_head
-- (部门负责人), supervising_leader (主管领导), hr (公司主管部门), finance.
pack {
  title = "新疆康盾管业有限公司 销售管理制度",
  timezone = "+08:00",
  params = {
    -- 五.2 按照公司规定的销售价格销出的业绩, 按照货款金额的2%提成; 高出公司
    -- 规定的销售价格销售的业绩, 按照超出部分的50%提成 (percent).
    commission_pct = 2,
    above_price_pct = 50,
    -- 五.2 部门经理提成按照其部门的总体业绩的1%提成.
    manager_pct = 1,
    -- 五.4 每月 / 年终 按照销售回款业绩排名前三 ... 按照三个奖金等级奖励:
    -- the tiers' amounts are not given; we chose these.
    monthly_bonus = { "1000 yuan", "600 yuan", "300 yuan" },
    annual_bonus = { "10000 yuan", "6000 yuan", "3000 yuan" },
    -- 五.1 基本工资 + 电话费补贴 + 公交车费用补贴 (yuan a month).
    probation_pay = { base = "1500 yuan", phone = "100 yuan", transport = "200 yuan" },
    regular_pay = { base = "1800 yuan", phone = "100 yuan", transport = "200 yuan" },
    -- 六.2 差旅补助 (per day).
    manager_daily_xinjiang = "200 yuan",
    manager_daily_outside = "250 yuan",
    sales_transit_daily = "40 yuan",
    sales_lodging_cap_xinjiang = "150 yuan",
    sales_stay_daily_outside = "180 yuan",
    -- 六.2 于出差结束后一周内报销: by the end of the 7th day after the trip.
    claim_within = "7 days",
    -- 三.2 业务员要在月初制定工作计划: "月初" is not a date; we chose the 5th.
    plan_day = 5,
    -- 七.5 未按规定收回的货款 ... 依据相关规定惩处: the rules are not in the
    -- document; the sanction recorded is named here.
    late_collection_sanction = "处罚 (七.5)",
    -- 八.2 试用期提前三天 (the seed's 「提前三天一个月」 is garbled: 三天内办完离职
    -- 手续 supports 3 days), 转正后提前一个月.
    notice_probation = "3 days",
    notice_regular = "1 month",
  },
}
