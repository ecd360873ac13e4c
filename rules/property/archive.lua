-- 篇五 客户档案管理.

-- 篇五 7 客户档案查阅可向客务主管借出, 经客务部经理批准后在客务部办公室
-- 阅览: approval.requested { kind = "archive_borrow" }; asking to take an
-- archive out of the office (attrs.take_out = true) is refused.
rule "archives are read only in the customer-service office" {
  clause = "篇五 7",
  on = "approval.requested",
  when = { kind = "archive_borrow", take_out = true },
  run = function(ev)
    error("archive " .. ev.data.id .. ": archives are read only in the customer-service office (篇五 7)")
  end,
}

approval "borrowing an archive needs the customer-service manager" {
  clause = "篇五 7",
  kind = "archive_borrow",
  chain = { "cs_manager" },
}

-- 篇五 8 原始客户档案一般不可修改, 客务部工作档案需经客务部经理同意方可
-- 修改: approval.requested { kind = "archive_change", attrs = { original =
-- true } } is refused; a working file needs the manager.
rule "original archives are not modified" {
  clause = "篇五 8",
  on = "approval.requested",
  when = { kind = "archive_change", original = true },
  run = function(ev)
    error("archive change " .. ev.data.id .. ": original customer archives are not modified (篇五 8)")
  end,
}

approval "working files changed with the manager's consent" {
  clause = "篇五 8",
  kind = "archive_change",
  chain = { "cs_manager" },
}

-- 篇五 6 客务部每年整理一次退租客户档案.
calendar "move-out archives tidied once a year" {
  clause = "篇五 6",
  every = "year", month = param.archive_tidy_month, day = param.archive_tidy_day,
  task = { kind = "archive_tidy", owner = "cs_supervisor", subject = "整理退租客户档案, 打印目录装盒" },
}
