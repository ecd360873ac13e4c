spec "highway customers are A and followed monthly" {
  at "2026-01-05 09:00" { customer { id = "c1", segment = "highway" } },
  expect { class = { c1 = "A" }, task { customer = "c1", status = "open", due_at = "2026-02-05T09:00:00+08:00" } },
}
