-- 4.1: staff rules of the commercial operations department.

-- 4.1.1 本部门将 ... 进行季度和年终考评.
calendar "quarterly evaluation" {
  clause = "4.1.1",
  every = "quarter", month = 3, day = param.evaluation_day,
  task = { kind = "quarterly evaluation", owner = "commercial_head", subject = "商务运营部员工季度考评" },
}
calendar "annual evaluation" {
  clause = "4.1.1",
  every = "year", month = 12, day = param.evaluation_day,
  task = { kind = "annual evaluation", owner = "commercial_head", subject = "商务运营部员工年终考评" },
}

-- 4.1.4 安排区域不服, 安排工作不干, 安排任务不做 ... 可以直接开除.  "可以"
-- leaves it to the company; the pack records the dismissal it allows.
ladder "refusing an assigned area or task" {
  clause = "4.1.4",
  kind = "refused_assignment",
  steps = { dismiss "可以直接开除 (4.1.4)" },
}

-- 4.1.10 未经公司领导同意, 不得 ... 向社会或市场 (包括网络) 发布招商销售信息.
approval "publishing sales information" {
  clause = "4.1.10",
  kind = "publish",
  chain = { "general_manager" },
}
