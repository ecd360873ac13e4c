-- 四 客户管理 1: customers in four classes, from attrs.scale ("large") and
-- attrs.credit ("good", "problem", "bad").  The department's class table
-- (四.2, submitted at year end) is the customers table itself.
classify "customer class" {
  clause = "四.1",
  { class = "D", when = { credit = "bad" }, reason = "不良客户: 信誉低" },
  { class = "A", when = { scale = "large", credit = "good" }, reason = "重要客户: 规模大, 信誉良好" },
  { class = "B", when = { scale = "large", credit = "problem" }, reason = "次重要客户: 规模大, 信誉有问题" },
  { class = "C", reason = "一般客户: 主要是新增加的客户" },
}
