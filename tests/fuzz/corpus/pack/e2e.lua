classify "customer class" {
  clause = "第五条",
  { class = "A", when = { segment = "highway" } },
  { class = "B", when = { segment = { "secondary_road", "large_industrial" } } },
  { class = "C" },
}

cadence "follow-up by class" {
  clause = "第六条",
  A = { every = "1 month", owner = "account_owner", overdue = escalate "sales_gm" },
  B = { every = "3 months", owner = "account_owner" },
  C = { every = "6 months", owner = "account_owner" },
}

approval "discount" {
  clause = "第九条",
  kind = "discount",
  chain = { "sales_manager" },
}
