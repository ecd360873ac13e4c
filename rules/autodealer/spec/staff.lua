-- 篇九 一 probation, 二.7 leave.

spec "一.1 the fifth car within two months opens the confirmation for the sales manager" {
  at "2026-03-01 09:00" {
    staff { id = "mgr", role = "sales_manager" },
    staff { id = "n1", role = "sales", attrs = { probation_start = "2026-03-01" } },
  },
  expect { task { kind = "probation", ref = "n1", due_at = "2026-05-01T00:00", owner = "mgr" } },
  at "2026-03-10 10:00" { order { id = "o1", customer = "c1", staff = "n1", amount = "120000 yuan", attrs = { cars = 2 } } },
  at "2026-04-10 10:00" { order { id = "o2", customer = "c2", staff = "n1", amount = "90000 yuan" },
                          order { id = "o3", customer = "c3", staff = "n1", amount = "90000 yuan" } },
  expect { no_approval { id = "转正:n1" } },
  at "2026-05-01 00:00" { order { id = "o4", customer = "c4", staff = "n1", amount = "90000 yuan" } },
  expect { approval { id = "转正:n1", chain = { "sales_manager" }, status = "pending" },
           task { kind = "probation", ref = "n1", status = "done" } },
  at "2026-05-02 09:00" { decision { approval = "转正:n1", decision = "approve", by = "mgr" }, tick },
  expect { approval { id = "转正:n1", status = "approved" }, no_penalty { staff = "n1" } },
}

spec "一.1 four cars by the end of probation: automatic leaving" {
  at "2026-03-01 09:00" { staff { id = "n1", role = "sales", attrs = { probation_start = "2026-03-01" } } },
  at "2026-04-30 10:00" { order { id = "o1", customer = "c1", staff = "n1", amount = "400000 yuan", attrs = { cars = 4 } } },
  at "2026-05-01 00:00" { tick },
  expect { no_penalty { staff = "n1" } },
  at "2026-05-01 00:00:01" { tick },
  expect { penalty { staff = "n1", sanction = "dismiss" }, task { kind = "probation", status = "failed" } },
  at "2026-05-02 10:00" { order { id = "o2", customer = "c2", staff = "n1", amount = "90000 yuan" } },
  expect { no_approval { id = "转正:n1" } },
}

local function team()
  return { staff { id = "tl", role = "team_leader" }, staff { id = "mgr", role = "sales_manager" },
           staff { id = "s1", role = "sales" } }
end

spec "二.7 leave requested the day before goes to the team leader and the sales manager" {
  at "2026-03-01 09:00" (team()),
  at "2026-03-09 23:59:59" { request { id = "L1", kind = "leave", subject = "事假", requested_by = "s1",
                                       attrs = { staff = "s1", date = "2026-03-10" } } },
  expect { approval { id = "L1", status = "pending", chain = { "team_leader", "sales_manager" } },
           action { type = "notify", to = "admin_office" } },
  at "2026-03-10 08:00" { decision { approval = "L1", decision = "approve", by = "tl" } },
  expect { approval { id = "L1", status = "pending" } },
  at "2026-03-10 08:10" { decision { approval = "L1", decision = "approve", by = "mgr" } },
  expect { approval { id = "L1", status = "approved" } },
}

spec "二.7 leave asked on the day itself is refused" {
  at "2026-03-10 00:00" { request { id = "L1", kind = "leave", subject = "事假", requested_by = "s1",
                                    attrs = { staff = "s1", date = "2026-03-10" } } },
  expect { approval { id = "L1", status = "rejected", reason = "请假须于前一天提出" } },
}

spec "二.7 no leave on Saturday or Sunday, no phone or proxy requests unless special" {
  at "2026-03-02 09:00" {
    request { id = "sat", kind = "leave", subject = "休班", requested_by = "s1", attrs = { staff = "s1", date = "2026-03-07" } },
    request { id = "tel", kind = "leave", subject = "事假", requested_by = "s1",
              attrs = { staff = "s1", date = "2026-03-04", channel = "phone" } },
    request { id = "proxy", kind = "leave", subject = "事假", requested_by = "s2", attrs = { staff = "s1", date = "2026-03-04" } },
    request { id = "sick", kind = "leave", subject = "急病", requested_by = "s2",
              attrs = { staff = "s1", date = "2026-03-04", channel = "phone", special = true } },
  },
  expect {
    approval { id = "sat", status = "rejected", reason = "周六、日不允许休息" },
    approval { id = "tel", status = "rejected", reason = "不可电话请假" },
    approval { id = "proxy", status = "rejected", reason = "不可代人请假" },
    approval { id = "sick", status = "pending" },
  },
}

spec "一.6 no rest in the first month of probation" {
  at "2026-03-01 09:00" { staff { id = "n1", role = "sales", attrs = { probation_start = "2026-03-01" } } },
  at "2026-03-20 09:00" {
    request { id = "early", kind = "leave", subject = "事假", requested_by = "n1", attrs = { staff = "n1", date = "2026-03-31" } },
    request { id = "later", kind = "leave", subject = "事假", requested_by = "n1", attrs = { staff = "n1", date = "2026-04-01" } },
  },
  expect { approval { id = "early", status = "rejected", reason = "试用期内一个月不允许休息" },
           approval { id = "later", status = "pending" } },
}
