-- 客户管理制度 篇六 (seed 003): classifying customers by a weighted score of
-- credit, order size, development prospects and profit contribution.  The
-- document lists the factors and says to weigh them (综合加权); the
-- numbers are all the analyst's.
pack {
  title = "客户分级评分 (综合加权)",
  timezone = "+08:00",
  params = {
    -- 5 综合加权: integer weights per factor; a factor without data for a
    -- customer (no payments yet, no prospect judgement) is left out and the
    -- others share its weight.
    weights = { credit = 30, orders = 30, prospects = 10, profit = 30 },
    -- 1 客户的信用状况: 最近一年的付款情况, 拖延及拖延的天数.  Credit starts
    -- at 100 and loses these points per late payment and per day late.
    credit_window = "1 year",
    points_per_late_payment = 10,
    points_per_day_late = 1,
    -- 2 客户的下单金额: 近一年或者两年 — we chose one year; "2 years" is the
    -- alternative.  下单金额 or 下单的数量: "amount" (default) or "quantity"
    -- (order attrs.quantity).
    order_window = "1 year",
    order_measure = "amount",
    -- The document ranks customers by order size; we score against a fixed
    -- full mark instead, so one customer's score does not move when another
    -- orders.  These amounts (and quantity) score 100.
    order_full_marks = "1000000 yuan",
    order_full_quantity = 10000,
    -- 4 客户对企业利润的贡献率: 一年的定单量 × 利润率.  An order's margin is
    -- attrs.margin_percent (whole percent); without it, this default.
    profit_window = "1 year",
    default_margin_percent = 10,
    profit_full_marks = "200000 yuan",
    -- Classes by composite score (以上, inclusive).
    a_score = 80,
    b_score = 60,
  },
}
