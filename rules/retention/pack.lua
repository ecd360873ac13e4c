-- 客户管理制度 篇八 (seed 003): 客户关系维护 — keeping customers: terms for
-- good credit, rewards for returning customers, visits and calls, key
-- customers' own cards.
pack {
  title = "客户关系维护制度",
  timezone = "+08:00",
  params = {
    -- 第十三条 在老客户进行下一次购买时予以折扣: no amount given; we chose
    -- 5% (whole percent), rounded down to the fen.
    returning_discount_percent = 5,
    -- 第六条 对信用较好的客户提供一定程度的优惠: "good credit" is not
    -- defined; we chose: at least one payment in the last year and none of
    -- them more than this many days late (payment attrs.days_late).
    good_credit_window = "1 year",
    good_credit_max_days_late = 0,
    -- ... and the preferential terms they get (recorded on the customer as
    -- attrs.terms); the others keep the standard terms.
    good_credit_terms = "月结60天",
    standard_terms = "月结30天",
    -- 第十六条 使用电话定期跟踪, 定期拜访老客户: no frequency given; we chose
    -- a call every month and a visit every three months.
    phone_every = "1 month",
    visit_every = "3 months",
    -- 第二十条 重点客户单独管理: we chose a visit every month.
    key_visit_every = "1 month",
  },
}
