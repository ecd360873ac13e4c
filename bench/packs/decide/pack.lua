-- The benchmark's decision pack: the three decisions every system in the
-- benchmark makes (bench/README.md), written as a bylaw rule pack.  The
-- thresholds live in params so the pack reads like the other systems'
-- decision tables.
pack {
  title = "bench: classify, follow-up interval, discount approval",
  timezone = "+08:00",
  params = {
    -- class by trailing revenue (fen) and days overdue, first match wins
    a_revenue = 50000000, a_overdue = 30,
    b_revenue = 10000000, b_overdue = 60,
    c_revenue = 1000000, c_overdue = 90,
    -- follow-up interval per class, in days
    a_days = 30, b_days = 90, c_days = 180, d_days = 365,
  },
}
