-- 四 合同管理 and 五 订货管理.

-- 四.1.G 合同签订必须事先经公司或销售部授权, 在授权范围内签订之销售合同
-- 有效; 超出授权范围签订的合同视为无效合同.  A contract is approval.requested
-- { kind = "contract", requested_by = signer, amount }; the signer's limit is
-- staff attrs.contract_limit_fen.  Within it the contract stands; beyond it
-- the sales department or the company must authorise it first (either).
local function within_authority(req)
  local s = req.requested_by and facts.staff(req.requested_by)
  local limit = s and s.attrs and s.attrs.contract_limit_fen
  return limit ~= nil and req.amount_fen ~= nil and req.amount_fen <= limit
end

approval "contracts within the signer's authorisation" {
  clause = "四.1.G",
  kind = "contract",
  { when = within_authority, auto = true },
  { chain = { "sales_manager", "general_manager" }, mode = "any" },
}

-- 五.2.B 确定订货内容, 需经销售部经理同意, 并符合财务部之信用管理办法, 经
-- 核对客户无信用问题后方可发货: both sign before the goods go.
approval "orders need the sales manager and a credit check" {
  clause = "五.2.B",
  on = "order.placed",
  request = function(ev)
    return { approval = "order:" .. ev.data.id, subject = "订单 " .. ev.data.id, kind = "order",
             customer = ev.data.customer, amount_fen = ev.data.amount_fen }
  end,
  chain = { "sales_manager", "finance_credit" },
}

-- 五.2.C 订单应提前1-2天向公司提供: attrs.pickup is the 提货时间.
rule "orders come at least a day ahead" {
  clause = "五.2.C",
  on = "order.placed",
  when = { pickup = is_set() },
  run = function(ev)
    local pickup = time.parse(ev.data.attrs.pickup)
    if pickup < time.add(ev.at, param.order_lead) then
      return notify { to = "dispatch_office", customer = ev.data.customer, subject = ev.data.id,
                      message = "订单未提前" .. param.order_lead .. "提供, 提货时间 " .. ev.data.attrs.pickup }
    end
  end,
}

-- 五.2.D 将核准后的订单于上午9:00時前及下午1:30時前编好, 并安排发货顺序:
-- once the last signature is on an order, the dispatch office has until
-- the next cut-off to put it in a batch.
local function completes(d)
  if d.decision ~= "approve" then return false end
  local a = facts.approval(d.approval)
  if a == nil or a.kind ~= "order" or a.status ~= "pending" then return false end
  local s = facts.staff(d.by)
  local signed = { [s and s.role or d.by] = true }
  for _, role in ipairs(a.signed or {}) do signed[role] = true end
  if a.mode == "any" then return true end
  for _, role in ipairs(a.chain or {}) do
    if not signed[role] then return false end
  end
  return true
end

rule "approved orders batched before 9:00 and 13:30" {
  clause = "五.2.D",
  on = "approval.decided",
  when = completes,
  run = function(ev)
    local cutoffs = param.batch_times
    local due = time.next_at(ev.at, cutoffs)
    if not param.before_inclusive then due = time.next_at(ev.at + 60, cutoffs) - 60 end
    local a = facts.approval(ev.data.approval)
    return schedule_followup { kind = "dispatch_batch", customer = a.customer, ref = a.id,
                               owner = "dispatch_office", due = due,
                               subject = "编排发货顺序: " .. a.subject }
  end,
}

-- 五.2.E 信用订货的, 要有订货人签字和单位盖章, 否则一切后果由承运人负责.
rule "credit orders carry the orderer's signature and seal" {
  clause = "五.2.E",
  on = "order.placed",
  when = { payment = "credit" },
  run = function(ev)
    local a = ev.data.attrs
    local missing = {}
    if not a.signed_by then missing[#missing + 1] = "订货人签字 (signed_by)" end
    if a.sealed ~= true then missing[#missing + 1] = "单位盖章 (sealed)" end
    if #missing > 0 then
      return notify { to = "dispatch_office", customer = ev.data.customer, subject = ev.data.id,
                      message = "信用订货缺少 " .. table.concat(missing, "、") .. ", 后果由承运人负责" }
    end
  end,
}

-- 五.3.B 给新客户 (或信用不好的客户) 发货, 而片区行销代表又不在客户处时,
-- 才派调度员随车押货取款.  New = no earlier order; poor credit = customer
-- attrs.credit = "poor"; the rep is there when the order says
-- attrs.rep_on_site = true.
rule "dispatcher escorts goods to new or poor-credit customers" {
  clause = "五.3.B",
  on = "order.placed",
  run = function(ev)
    local d = ev.data
    if d.attrs and d.attrs.rep_on_site == true then return end
    local c = facts.customer(d.customer)
    local earlier = facts.count("orders", { customer = d.customer, at = { before = ev.at } })
    local poor = c and c.attrs and c.attrs.credit == "poor"
    if earlier == 0 or poor then
      return notify { to = "dispatcher", customer = d.customer, subject = d.id,
                      message = (poor and "信用不好的客户" or "新客户") .. ": 派调度员随车押货取款" }
    end
  end,
}
