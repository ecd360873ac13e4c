classify "customer class" {
  clause = "R1",
  { class = "A", when = { segment = "highway" } },
  { class = "B", when = { segment = { "secondary_road", "large_industrial" } } },
  { class = "C" },
}

cadence "follow-up by class" {
  clause = "R2",
  A = { every = "1 month", owner = "account_owner", overdue = escalate "sales_gm" },
  B = { every = "3 months", owner = "account_owner", overdue = escalate "sales_gm" },
  C = { every = "6 months", owner = "account_owner" },
}

ladder "late arrival" {
  clause = "R3",
  kind = "late",
  window = "calendar month",
  steps = { fine "20 yuan", fine "40 yuan", dismiss "third time in a month" },
}
