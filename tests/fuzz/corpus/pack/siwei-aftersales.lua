-- Part 二 售后服务管理办法, 三 客户意见和投诉.

-- 对每一次来电、来信、来访 ... 及时通知营销主管人员.
rule "marketing supervisor is told of every complaint" {
  clause = "二.三",
  on = "complaint.received",
  run = function(ev)
    return notify { to = "marketing_supervisor", customer = ev.data.customer,
                    message = "客户意见/投诉 " .. ev.data.id .. " (" .. (ev.data.kind or "general") .. ")" }
  end,
}

-- 接到客户投诉后必须确定有偿或无偿服务: a complaint that does not say
-- paid = true or false is refused.
rule "every complaint is decided paid or free" {
  clause = "二.三",
  on = "complaint.received",
  run = function(ev)
    if ev.data.paid == nil then
      error("complaint " .. ev.data.id .. " must say whether service is paid or free (paid = true/false)")
    end
  end,
}

-- 属于有偿服务的需营销主管人员确认.
approval "paid service confirmed by the marketing supervisor" {
  clause = "二.三",
  on = "complaint.received",
  request = function(ev)
    if ev.data.paid then
      return { approval = "paid-service:" .. ev.data.id, subject = "有偿服务确认",
               kind = "paid_service", customer = ev.data.customer }
    end
  end,
  chain = { "marketing_supervisor" },
}

route "complaint routing" {
  clause = "二.三",
  -- 涉及公司产品、服务的重大问题 (media, lawsuits): the clause is cut off;
  -- flagged major and sent where param.major_complaint_to says.
  { when = { major = true }, to = param.major_complaint_to, major = true },
  -- 涉及产品质量、使用功能的, 送研发、设计或生产、技术部门, 填写《产品质量缺陷报告单》
  { when = { kind = { "quality", "function" } }, to = "rd_design_production",
    form = "产品质量缺陷报告单" },
  -- 涉及营销、安装、售后服务人员态度差、不尽职的, 送销售公司处理
  { when = { kind = "attitude" }, to = "sales_company" },
  -- 涉及中间商、零售商的, 应及时与之协调沟通
  { when = { kind = "dealer" }, to = "dealer_coordination" },
  { to = "after_sales_center" },
}
