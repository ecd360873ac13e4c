-- 客户管理制度多篇 (seed 003): 篇五 客户档案管理 and 篇七 报修服务规程, a
-- property-management company's customer archive and repair service.
pack {
  title = "物业 客户档案 / 报修服务规程",
  timezone = "+08:00",
  params = {
    -- 篇七 3.2 非特殊情况不得超过预约时间10分钟 (超过 excludes: 10 minutes
    -- late is still on time; 10 minutes and one second is a violation).
    late_grace = "10 minutes",
    -- 篇七 3.2 gives no penalty for a violation; we chose a 20-yuan fine
    -- (the smallest fine in the same seed, 篇九).
    late_fine = "20 yuan",
    -- 篇七 3.4 客户同意后才能开始维修 gives no penalty either; work started
    -- without consent earns this sanction and the engineering director
    -- is told.
    no_consent_sanction = "warning",
    -- 篇七 3.8 月底对维修内容进行统计: by the month's last day.
    stats_day = 31,
    -- 篇五 6 客务部每年整理一次退租客户档案: we chose by December 31.
    archive_tidy_month = 12,
    archive_tidy_day = 31,
  },
}
