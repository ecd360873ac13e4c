-- 四 客户管理 1: customers in four classes, from attrs.scale ("large") and
-- attrs.credit ("good", "problem", "bad").  The department's class table
-- (四.2, submitted at year end) is the customers table itself.
classify "customer class" {
  clause = "四.1",
  -- Each department keeps its class table in a spreadsheet: classes.csv
  -- (columns class, credit, scale, reason; an empty cell is no condition;
  -- the first matching row wins, so D for bad credit comes first).
  rows = csv "classes.csv",
}
