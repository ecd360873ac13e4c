-- 七 collections, 八 leaving.

spec "七.3 a credit order without a written due date is refused" {
  at "2026-03-02 10:00" { order { id = "o1", customer = "c1", staff = "s1", amount = "5000 yuan", attrs = { credit = true } } },
  expect { rejected "needs a written payment due date" },
}

spec "七.3 collected in full by the due date: no penalty" {
  at "2026-03-02 10:00" { order { id = "o1", customer = "c1", staff = "s1", amount = "5000 yuan",
                                  attrs = { credit = true, pay_by = "2026-03-31" } } },
  expect { task { kind = "collection", ref = "o1", owner = "s1", due_at = "2026-03-31T23:59:59" } },
  at "2026-03-20 10:00" { payment { id = "p1", customer = "c1", order = "o1", amount = "3000 yuan" } },
  expect { task { kind = "collection", status = "open" } },
  at "2026-03-31 23:59:59" { payment { id = "p2", customer = "c1", order = "o1", amount = "2000 yuan" } },
  at "2026-04-01 00:00" { tick },
  expect { task { kind = "collection", status = "done" }, no_penalty { staff = "s1", kind = "sanction" } },
}

spec "七.5 money not collected by the due date: the salesperson is penalised" {
  at "2026-03-02 10:00" { order { id = "o1", customer = "c1", staff = "s1", amount = "5000 yuan",
                                  attrs = { credit = true, pay_by = "2026-03-31" } } },
  at "2026-04-01 00:00" { tick },
  expect { penalty { staff = "s1", kind = "sanction", sanction = "处罚 (七.5)" },
           task { kind = "collection", status = "overdue" } },
}

spec "七.5 a bad debt is paid by the salesperson" {
  at "2026-06-01 10:00" { violation { staff = "s1", kind = "bad_debt", attrs = { order = "o1", amount = "4200.50 yuan" } } },
  expect { fines { s1 = "4200.50 yuan" } },
}

spec "七.4 a cheque of another customer cannot pay" {
  at "2026-03-20 10:00" {
    payment { id = "p1", customer = "c1", order = "o1", amount = "100 yuan", attrs = { method = "cheque", drawer = "c2" } },
  },
  expect { rejected "a cheque of c2 cannot pay for c1" },
  at "2026-03-20 11:00" {
    payment { id = "p2", customer = "c1", order = "o1", amount = "100 yuan", attrs = { method = "cheque", drawer = "c1" } },
  },
  expect { payment { id = "p2" } },
}

spec "八.2 notice: three days on probation, one month after" {
  at "2026-03-01 09:00" { staff { id = "n1", role = "sales", attrs = { probation = true } }, staff { id = "s1", role = "sales" } },
  at "2026-03-02 10:00" {
    request { id = "r1", kind = "resignation", subject = "辞职", attrs = { staff = "n1", leave_date = "2026-03-05" } },
    request { id = "r2", kind = "resignation", subject = "辞职", attrs = { staff = "n1", leave_date = "2026-03-04" } },
    request { id = "r3", kind = "resignation", subject = "辞职", attrs = { staff = "s1", leave_date = "2026-04-02" } },
    request { id = "r4", kind = "resignation", subject = "辞职", attrs = { staff = "s1", leave_date = "2026-04-01" } },
  },
  expect { approval { id = "r1", status = "pending", chain = { "hr" } },
           approval { id = "r2", status = "rejected" },
           approval { id = "r3", status = "pending" },
           approval { id = "r4", status = "rejected", reason = "辞职须提前1 month提交 (八.2)" } },
}

spec "八.2 leaving with money uncollected: finance stops pay on approval" {
  at "2026-03-01 09:00" { staff { id = "s1", role = "sales" } },
  at "2026-03-02 10:00" { order { id = "o1", customer = "c1", staff = "s1", amount = "5000 yuan",
                                  attrs = { credit = true, pay_by = "2026-05-31" } } },
  at "2026-03-03 10:00" { request { id = "r1", kind = "resignation", subject = "辞职", attrs = { staff = "s1", leave_date = "2026-04-10" } } },
  expect { action { type = "notify", to = "finance", subject = "离职未收回货款" } },
}
