-- 篇六 1-5: each factor scored 0-100 in whole numbers, then the weighted
-- composite (integer division, rounding down).  All money is integer fen.

local factors = { "credit", "orders", "prospects", "profit" }
do
  local known = {}
  for _, f in ipairs(factors) do known[f] = true end
  for k, w in pairs(param.weights) do
    if not known[k] then
      error("param weights: unknown factor '" .. tostring(k) .. "' (expected credit, orders, prospects, profit)", 2)
    end
    if math.type(w) ~= "integer" or w < 0 then
      error("param weights: " .. k .. " must be a whole number of 0 or more, got " .. tostring(w), 2)
    end
  end
end

local function cap(n) if n > 100 then return 100 end if n < 0 then return 0 end return n end

local function window(at, span) return { from = time.add(at, span, -1) + 1, before = at + 1 } end

-- 1 信用状况: payments in the window; attrs.days_late on each (0 or absent
-- is on time).  No payments yet: no credit record.
local function credit(c, at)
  local pays = facts.rows("payments", { customer = c.id, at = window(at, param.credit_window) })
  if #pays == 0 then return nil end
  local late, days = 0, 0
  for _, p in ipairs(pays) do
    local d = p.attrs and p.attrs.days_late or 0
    if d > 0 then late = late + 1; days = days + d end
  end
  return cap(100 - late * param.points_per_late_payment - days * param.points_per_day_late)
end

local function orders_in(c, at, span)
  return facts.rows("orders", { customer = c.id, at = window(at, span) }, { limit = 100000 })
end

-- 2 下单金额 (or 数量) over the window, against the full mark.
local function orders(c, at)
  local total = 0
  for _, o in ipairs(orders_in(c, at, param.order_window)) do
    if param.order_measure == "quantity" then total = total + (o.attrs and o.attrs.quantity or 0)
    else total = total + o.amount_fen end
  end
  local full = param.order_measure == "quantity" and param.order_full_quantity or money(param.order_full_marks)
  return cap(total * 100 // full)
end

-- 4 利润贡献: each order's amount × its margin, summed, against the full mark.
local function profit(c, at)
  local total = 0
  for _, o in ipairs(orders_in(c, at, param.profit_window)) do
    local margin = o.attrs and o.attrs.margin_percent or param.default_margin_percent
    total = total + o.amount_fen * margin // 100
  end
  return cap(total * 100 // money(param.profit_full_marks))
end

-- 3 发展前景: the analyst's judgement, attrs.prospect 0-100.
local function prospects(c)
  local p = c.attrs and c.attrs.prospect
  if p == nil then return nil end
  return cap(math.tointeger(p) or error("attrs.prospect must be a whole number 0-100"))
end

-- The factor scores and the composite of customer c at `at`.  A customer
-- with no order ever is new: only the prospect judgement speaks for them.
local function scores(c, at)
  local s = { prospects = prospects(c) }
  if facts.count("orders", { customer = c.id, at = { before = at + 1 } }) > 0 then
    s.credit, s.orders, s.profit = credit(c, at), orders(c, at), profit(c, at)
  end
  local sum, weight = 0, 0
  for _, f in ipairs(factors) do
    local w = param.weights[f] or 0
    if s[f] ~= nil and w > 0 then sum = sum + w * s[f]; weight = weight + w end
  end
  if weight > 0 then s.composite = sum // weight end
  return s
end

rule "weighted customer score" {
  clause = "篇六 1-5",
  on = { "customer.upsert", "order.placed", "payment.received" },
  run = function(ev)
    local id = ev.type == "customer.upsert" and ev.data.id or ev.data.customer
    local c = id and facts.customer(id)
    if c == nil then return end
    local s = scores(c, ev.at)
    local parts = {}
    for _, f in ipairs(factors) do parts[#parts + 1] = f .. " " .. (s[f] ~= nil and tostring(s[f]) or "-") end
    local out = { set_attr { customer = c.id, key = "score_detail", value = table.concat(parts, ", ") } }
    if s.composite ~= nil then
      out[#out + 1] = set_attr { customer = c.id, key = "score", value = s.composite }
    end
    return out
  end,
}

classify "class by weighted score" {
  clause = "篇六 5",
  on = { "customer.upsert", "order.placed", "payment.received" },
  { class = "A", when = { score = at_least(param.a_score) } },
  { class = "B", when = { score = at_least(param.b_score) } },
  { class = "C" },
}
