-- 六 差旅报销标准及业务支出管理, 三 工作计划.

-- 六.1 出差 ... 都应填写出差申请单 ... 经部门负责人及主管领导签字后施行.
approval "business trips" {
  clause = "六.1",
  kind = "travel",
  chain = { "department_head", "supervising_leader" },
}

-- 六.3 接待客户, 需要向部门负责人, 主管领导汇报并得到批准后予以报销.
approval "customer entertainment" {
  clause = "六.3",
  kind = "entertainment",
  chain = { "department_head", "supervising_leader" },
}

-- 六.4 将客户赠送礼品, 回扣等须事先向主管领导申请并批准后实施.
approval "gifts and rebates for customers" {
  clause = "六.4",
  kind = "gift",
  chain = { "supervising_leader" },
  before = true,
}

-- 六.2 a travel claim (kind "travel_claim") names its approved trip
-- (attrs.trip), the traveller's role ("manager" or "sales"),
-- attrs.xinjiang (true inside Xinjiang), attrs.transit_days,
-- attrs.stay_days, attrs.lodging (receipts for lodging, salesperson in
-- Xinjiang), attrs.trip_end (date) and attrs.receipts_complete.  Returns
-- the allowance in fen, or nil and why the claim is refused.
local function allowance(ev)
  local a = ev.data.attrs or {}
  local trip = a.trip and facts.approval(a.trip)
  if trip == nil or trip.status ~= "approved" then return nil, "出差未经批准 (六.1)" end
  if not a.receipts_complete then return nil, "票据不齐全 (六.2)" end
  local deadline = time.add(time.start_of(time.parse(a.trip_end), "day"), "1 day")
  deadline = time.add(deadline, param.claim_within) - 1
  if ev.at > deadline then return nil, "未于出差结束后一周内报销 (六.2)" end
  local transit, stay = a.transit_days or 0, a.stay_days or 0
  if a.role == "manager" then
    -- 部门经理: 除交通费用之外每天食宿补助 200 (疆内) / 250 (疆外), flat
    local daily = money(a.xinjiang and param.manager_daily_xinjiang or param.manager_daily_outside)
    return (transit + stay) * daily
  end
  local fen = transit * money(param.sales_transit_daily)
  if a.xinjiang then
    -- 外地驻留每天按照150元报销食宿费用, 超出部分不予报销
    local cap = stay * money(param.sales_lodging_cap_xinjiang)
    local lodging = a.lodging and money(a.lodging) or 0
    return fen + math.min(lodging, cap)
  end
  return fen + stay * money(param.sales_stay_daily_outside)
end

rule "travel claims" {
  clause = "六.2",
  on = "approval.requested",
  when = { kind = "travel_claim" },
  run = function(ev)
    local fen, why = allowance(ev)
    if fen == nil then return reject { approval = ev.data.id, by = "rule", reason = why } end
    return notify { to = "finance", subject = "差旅报销 " .. ev.data.id,
                    message = string.format("reimburse %d fen besides transport", fen) }
  end,
}

-- 三.2 业务员要在月初制定工作计划 ... 交部门经理审核, 批准后执行.
approval "monthly work plans" {
  clause = "三.1, 三.2",
  kind = "monthly_plan",
  chain = { "department_manager" },
}
calendar "monthly plans due" {
  clause = "三.2",
  every = "month", day = param.plan_day,
  task = { kind = "monthly work plan", owner = "department_manager", subject = "业务员月度工作计划 (日程、目标、回款计划)" },
  done_on = "approval.requested", done_when = { kind = "monthly_plan" },
}
