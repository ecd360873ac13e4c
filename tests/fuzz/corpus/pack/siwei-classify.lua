-- 第四条: a customer is a unit already using our products; former customers
-- stay managed (status = "former") and prospects are kept (第十九条).

classify "customer class" {
  clause = "第五条",
  { class = "A", when = { segment = "highway" }, reason = "重大客户: 高速公路系统" },
  { class = "B", when = { segment = { "secondary_road", "large_industrial" } },
    reason = "二级公路、大中型工矿企业" },
  { class = "C", reason = "一般客户" },
}
