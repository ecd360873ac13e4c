-- 销售管理制度 (real-estate agency), seed 001 第二篇, 第一–八条.
-- The document names no company; the trade (置业顾问, 房源, 客源, 带客户看房)
-- is a real-estate agency's.  Roles: consultant (置业顾问), department_manager
-- (本部经理), general_manager (总经理), finance.
pack {
  title = "房产中介 销售管理制度",
  timezone = "+08:00",
  params = {
    -- 第二条 "及时输入房源、客源": not quantified; we chose within 1 day of the
    -- first contact (attrs.first_contact on the customer).
    entry_within = "1 day",
    -- 第二条 "要及时回访、跟进": not quantified; we chose a revisit every week.
    revisit_every = "1 week",
    -- 第二条 房源没有按事实输入 ... 造成成交失败: 每人每次罚款50元.
    untruthful_fine = "50 yuan",
    -- 第三条 "没有及时交经理审核": not quantified; we chose by the end of the
    -- day after signing (within 1 day), then the manager is told.
    review_within = "1 day",
    -- 第四条 私自带客户看房: 每次罚款50元.
    viewing_fine = "50 yuan",
    -- 第一条 恶性竞争 "给予罚款、辞退处罚" and 第五–六条 "警告、罚款、辞退":
    -- the amount is not given; we chose 200 yuan.
    conduct_fine = "200 yuan",
    -- 第五–六条 the grades (warning, fine, dismissal) count repeats within
    -- this window; the document gives none, we chose the calendar year.
    conduct_window = "calendar year",
    -- 第七条 完成任务好的和超额完成的给予奖励: amount not given; we chose 300
    -- yuan for meeting the month's target (attrs.target on the consultant).
    target_reward = "300 yuan",
  },
}
