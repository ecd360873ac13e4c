-- 宝鸡四维衡器有限公司 客户管理制度 (2010年10月)
-- Part 一 客户服务及产品需求信息管理办法, Part 二 售后服务管理办法.
-- The source is a truncated preview: 第十六–十七条 and parts 三–四 are missing.
pack {
  title = "宝鸡四维衡器有限公司 客户管理制度",
  timezone = "+08:00",
  params = {
    -- 第六条 A类: 每月至少跟踪一次, 区域经理是第一责任人
    a_every = "1 month",
    -- 第六条 跟踪服务中搜集的重大信息及时上报: an overdue A follow-up goes up
    -- to the sales general manager (our reading of 上报).
    a_escalate_to = "sales_gm",
    -- 第七条 B类: 每季度跟踪服务一次
    b_every = "3 months",
    -- 第八条 C类: 每年跟踪服务二次
    c_every = "6 months",
    -- 第九条 一类信息: 每周至少跟踪一次, 直接向销售总经理汇报
    class1_every = "1 week",
    -- 第九条 二类信息: "定期跟踪" is not quantified; we chose monthly.
    class2_every = "1 month",
    -- 第十一条 每月统计、上报产品需求信息: due by the month's last day.
    stats_day = 31,
    -- 二.三 the clause on major problems (media, lawsuits) is cut off in the
    -- source: a major complaint goes to the general manager.
    major_complaint_to = "general_manager",
  },
}
