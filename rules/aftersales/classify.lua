-- 五.1.1 顾客分类: key customers (重点顾客) and general customers (一般顾客).
-- 由销售部提出, 报公司主管领导, 每年年初确定一次: decided at the start of the
-- year for the whole year; orders during the year do not change it.  A new
-- customer is classified when entered, on the previous year's revenue.
classify "key customers" {
  clause = "五.1.1",
  recompute = "yearly",
  measure = {
    -- 上年度销售收入: orders from 1 January to 31 December of the year before
    -- the decision (fen).
    last_year_revenue = function(c, at)
      local this_year = time.start_of(at, "year")
      return facts.revenue(c.id, time.add(this_year, "1 year", -1), this_year)
    end,
  },
  { class = "key", when = { last_year_revenue = at_least(param.key_revenue) },
    reason = "五.1.1 b 上年度销售收入500万元以上" },
  -- 五.1.1 c 符合公司产品与市场战略, 具有较大的市场开发潜力, 并已建立业务关系:
  -- a judgement, flagged by sales as attrs.strategic = true.
  { class = "key", when = { strategic = true }, reason = "五.1.1 c 战略重点顾客" },
  { class = "general", reason = "五.1.2 重点顾客以外的顾客" },
}
