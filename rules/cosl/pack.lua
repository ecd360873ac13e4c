-- 中海油田服务股份有限公司 客户关系管理规定 (seed 004, the last document):
-- customer information, care activities, service revisits and seminars,
-- run by head-office marketing (公司市场营销部), the divisions' and branches'
-- marketing departments (事业部/分公司市场营销部) and the divisions' bases.
pack {
  title = "中海油田服务股份有限公司 客户关系管理规定",
  timezone = "+08:00",
  params = {
    -- 7 服务回访: 3个月一次 (或遵循具体规定).
    revisit_every = "3 months",
    -- 17.2 对有作业的油公司 ... 每年至少两次: at most six months apart.
    oil_company_every = "6 months",
    -- 17.2 回访活动应安排在作业结束后一个月之内进行.
    after_operation_within = "1 month",
    -- 17.2 总部市场营销部每月至少安排回访活动两次.
    hq_revisits_per_month = 2,
    -- Which staff are head-office marketing (for 17.2's monthly count):
    -- staff.upsert { department = ... }.
    hq_department = "hq_marketing",
    -- 13.1.1 基地于每月15日及30日将客户信息传递 (30 in February: its last day).
    base_report_days = { 15, 30 },
    -- 13.1.2-13.1.3 月度客户信息汇总表: the regulation names no day.  We
    -- chose the 5th of the month, for the month before, so the base's
    -- report of the 30th can be summarised.
    monthly_summary_day = 5,
    -- 13.2.3 《客户信息手册》每半年进行更新: by June 30 and December 31.
    handbook_months = { 6, 12 },
    -- 14.4 / 19.2 费用金额大于人民币30000元的活动, 必须经总部市场营销部批准
    -- (大于: strictly more; exactly 30,000 yuan needs no approval).
    activity_approval_above = "30000 yuan",
  },
}
