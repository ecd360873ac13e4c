-- 五 薪酬管理: commission on collected money, the manager's 1%, top-3 bonuses.
--
-- All money is integer fen.  Rounding: each amount is rounded down to the
-- fen (Lua's // on integers), and always on the order's running total, so
-- the commissions of several part payments add up to exactly the
-- commission of the whole (a payment's commission is f(total collected) -
-- f(collected before it)).

-- Commission (fen) on `collected` fen of an order sold for `sold` fen whose
-- company price is `list` fen: the company-price share earns 2%, the share
-- above it 50% (五.2).  Sold at or below the company price, all of it is
-- at the company price.
local function commission(collected, sold, list)
  if list == nil or sold <= list then return collected * param.commission_pct // 100 end
  -- the company-price share of what was collected, rounded down
  local at_price = collected * list // sold
  local above = collected - at_price
  return at_price * param.commission_pct // 100 + above * param.above_price_pct // 100
end

-- 五.2 and 五.3 业绩提成按照回款进度 ... 签约金额和未收回货款不计入: commission
-- is earned as money comes in, never on signing.
rule "commission on collected payments" {
  clause = "五.2, 五.3",
  on = "payment.received",
  run = function(ev)
    local p = ev.data
    local o = p.order and facts.rows("orders", { id = p.order })[1]
    if o == nil then return end
    local staff = o.staff or p.staff
    if staff == nil then return end
    assert(o.amount_fen <= 3000000000, "order above 30,000,000 yuan: commission arithmetic would overflow")
    local total = facts.sum("payments", "amount_fen", { order_id = o.id })
    -- money beyond the order's amount earns nothing
    local now = math.min(total, o.amount_fen)
    local before = math.min(total - p.amount_fen, o.amount_fen)
    local out = {}
    local earned = commission(now, o.amount_fen, o.list_price_fen) - commission(before, o.amount_fen, o.list_price_fen)
    if earned > 0 then
      out[#out + 1] = reward { staff = staff, amount_fen = earned, reason = "提成 " .. o.id }
    end
    -- 五.2 部门经理提成按照其部门的总体业绩的1%
    local s = facts.staff(staff)
    local mgr = s and s.department and
      facts.rows("staff", { role = "department_manager", department = s.department, status = "active" })[1]
    local share = now * param.manager_pct // 100 - before * param.manager_pct // 100
    if mgr and share > 0 then
      out[#out + 1] = reward { staff = mgr.id, amount_fen = share, reason = "部门经理提成 " .. o.id }
    end
    return out
  end,
}

-- 二.7 严格按照公司制定的价格标准销售, 不得随意变更售价: an order below the
-- company price is reported to the department manager.
rule "selling below the company price" {
  clause = "二.7",
  on = "order.placed",
  run = function(ev)
    local o = ev.data
    if o.list_price_fen and o.amount_fen < o.list_price_fen then
      return notify { to = "department_manager", subject = "变更售价",
                      message = "order " .. o.id .. " sold below the company price by " .. tostring(o.staff) }
    end
  end,
}

-- 五.4 ranking by collected payments over [from, to]; ties by staff id.
local function top3(from, to, tiers, label)
  local by = {}
  for _, p in ipairs(facts.rows("payments", { at = { from = from, to = to } }, { limit = 100000 })) do
    if p.staff then by[p.staff] = (by[p.staff] or 0) + p.amount_fen end
  end
  local ranked = {}
  for staff, fen in pairs(by) do ranked[#ranked + 1] = { staff = staff, fen = fen } end
  table.sort(ranked, function(a, b)
    if a.fen ~= b.fen then return a.fen > b.fen end
    return a.staff < b.staff
  end)
  local out = {}
  for i = 1, math.min(3, #ranked) do
    out[i] = reward { staff = ranked[i].staff, amount = tiers[i], reason = label .. " 第" .. i .. "名" }
  end
  return out
end

calendar "monthly top three" {
  clause = "五.4",
  every = "month", day = 1, hour = 0,
  run = function(at)
    local from, to = time.window(at - 1, "calendar month")
    return top3(from, to, param.monthly_bonus, "月回款 " .. time.format(from):sub(1, 7))
  end,
}

calendar "annual top three" {
  clause = "五.4",
  every = "year", month = 1, day = 1, hour = 0,
  run = function(at)
    local from, to = time.window(at - 1, "calendar year")
    return top3(from, to, param.annual_bonus, "年回款 " .. time.format(from):sub(1, 4))
  end,
}

-- 五.1 试用期 1500 + 电话费 100 + 公交车费用 200; 转正后 1800 + 100 + 200:
-- finance is told each salesperson's fixed pay on the 1st (attrs.probation
-- = true while on probation).
calendar "monthly base pay" {
  clause = "五.1",
  every = "month", day = 1, hour = 0,
  run = function()
    local out = {}
    for _, s in ipairs(facts.rows("staff", { role = "sales", status = "active" })) do
      local pay = s.attrs.probation and param.probation_pay or param.regular_pay
      local fen = money(pay.base) + money(pay.phone) + money(pay.transport)
      out[#out + 1] = notify { to = "finance", subject = "基本工资",
        message = string.format("%s: %d fen (%s)", s.id, fen, s.attrs.probation and "试用期" or "转正") }
    end
    return out
  end,
}
