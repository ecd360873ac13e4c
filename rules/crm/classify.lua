-- Customer classification: one of the seed's schemes, chosen by
-- param.scheme.  Facts the rows test are measured at the moment of
-- decision: revenue over the last `revenue_window` (orders included up to
-- and including this one), orders ever placed, whole years of cooperation.

local function revenue(c, at)
  return facts.revenue(c.id, time.add(at, param.revenue_window, -1) + 1, at + 1)
end

local function orders_ever(c, at)
  return facts.count("orders", { customer = c.id, at = { before = at + 1 } })
end

-- Whole years since cooperation began: attrs.since ("2021-06-01") when the
-- archive records it, else the first order, else when the customer was
-- entered.
local function years(c, at)
  local start
  if type(c.attrs) == "table" and c.attrs.since then
    start = time.parse(c.attrs.since)
  else
    local first = facts.rows("orders", { customer = c.id }, { order = "at", limit = 1 })[1]
    start = first and first.at or c.created_at
  end
  local n = 0
  while time.add(start, "1 year", n + 1) <= at do n = n + 1 end
  return n
end

local schemes = {
  importance = {
    clause = "客户关系管理规定 2",
    { class = "important", when = { revenue = at_least(param.important_revenue) },
      reason = "重要客户: 贡献巨大业务量" },
    { class = "important", when = { key_resources = true }, reason = "重要客户: 拥有重要资源" },
    { class = "potential", when = { orders = 0 }, reason = "潜在客户: 尚未合作" },
    { class = "ordinary", reason = "普通客户" },
  },
  abc = {
    clause = "公司客户关系管理制度 第五条",
    { class = "A", when = { revenue = at_least(param.a_revenue) }, reason = "A级: 重大贡献" },
    { class = "B", when = { revenue = at_least(param.b_revenue) }, reason = "B级: 一定贡献" },
    { class = "B", when = { potential = "high" }, reason = "B级: 具有合作潜力" },
    { class = "C", reason = "C级: 贡献较小" },
  },
  value = {
    clause = "药业公司客户关系管理制度 第四条",
    { class = "high", when = { revenue = at_least(param.high_value_revenue) }, reason = "高价值客户" },
    { class = "medium", when = { revenue = at_least(param.medium_value_revenue) }, reason = "中等价值客户" },
    { class = "low", reason = "低价值客户" },
  },
  tenure = {
    clause = "关于客户管理的规定 第四条 3",
    { class = "loyal", when = { years = at_least(param.loyal_years) }, reason = "忠诚客户" },
    { class = "old", when = { years = at_least(param.old_years) }, reason = "老客户" },
    { class = "new", reason = "新客户" },
  },
}

local rows = schemes[param.scheme]
if rows == nil then
  error("param scheme must be \"importance\", \"abc\", \"value\" or \"tenure\", got " .. tostring(param.scheme), 1)
end
rows.on = { "customer.upsert", "order.placed" }
rows.measure = { revenue = revenue, orders = orders_ever, years = years }

classify "customer class" (rows)
