-- 七.1 客户投诉.  Every complaint is recorded when it comes in (A); the
-- rules decide who answers it.

-- 七.1.B 涉及退货赔偿或严重影响公司声誉的, 一定要填《客户投诉申请单》.
local function needs_form(d)
  for _, k in ipairs(param.form_kinds) do
    if d.kind == k then return true end
  end
  return d.attrs ~= nil and d.attrs.reputation == "serious"
end

-- 七.1.E 填妥《客户投诉申请单》后, 应提交行销部主管或科长审阅: either one.
approval "complaint form reviewed by the marketing head or section chief" {
  clause = "七.1.B, 七.1.E",
  on = "complaint.received",
  request = function(ev)
    if needs_form(ev.data) then
      return { approval = "complaint:" .. ev.data.id, subject = "客户投诉申请单 " .. ev.data.id,
               kind = "complaint_form", customer = ev.data.customer }
    end
  end,
  chain = { "marketing_head", "section_chief" }, mode = "any",
}

-- 七.1.E ... 并送其他部门会签意见.
rule "other departments countersign the complaint form" {
  clause = "七.1.E",
  on = "complaint.received",
  when = needs_form,
  run = function(ev)
    local out = {}
    for _, dept in ipairs(param.countersign) do
      out[#out + 1] = notify { to = dept, customer = ev.data.customer, form = "客户投诉申请单",
                               message = "请会签客户投诉申请单 " .. ev.data.id }
    end
    return out
  end,
}

-- 七.1.C 不必填写申请单的, 由主管该客户的行销代表立即将解决办法通知客户,
-- 答话内容和解决结果记入《行销工作日报表》.
route "complaint handling" {
  clause = "七.1.A-C",
  { when = needs_form, to = "marketing_head", form = "客户投诉申请单" },
  { to = "account_owner", form = "行销工作日报表" },
}
