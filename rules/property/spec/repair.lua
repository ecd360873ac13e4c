-- 篇七 报修服务规程.

spec "arriving 10 minutes after the booked time is on time; 11 minutes is fined" {
  at "2026-03-02 08:00" { customer { id = "u1201", name = "12楼01单元" } },
  at "2026-03-02 10:10" {
    followup { customer = "u1201", staff = "w1", kind = "repair_arrival", fields = { booked = "2026-03-02 10:00" } },
  },
  expect { no_penalty { staff = "w1" } },
  at "2026-03-02 14:11" {
    followup { customer = "u1201", staff = "w2", kind = "repair_arrival", fields = { booked = "2026-03-02 14:00" } },
  },
  expect { penalty { staff = "w2", kind = "fine", amount = "20 yuan" }, fines { w2 = "20 yuan" } },
}

spec "the boundary is the second: 10m00s on time, 10m01s late" {
  at "2026-03-02 08:00" { customer { id = "u1" } },
  at "2026-03-02 10:10:00" {
    followup { customer = "u1", staff = "w1", kind = "repair_arrival", fields = { booked = "2026-03-02 10:00" } },
  },
  at "2026-03-02 11:10:01" {
    followup { customer = "u1", staff = "w2", kind = "repair_arrival", fields = { booked = "2026-03-02 11:00" } },
  },
  expect { fines { w1 = 0, w2 = "20 yuan" } },
}

spec "a delay the customer agreed to is no violation" {
  at "2026-03-02 08:00" { customer { id = "u1" } },
  at "2026-03-02 10:40" {
    followup { customer = "u1", staff = "w1", kind = "repair_arrival",
               fields = { booked = "2026-03-02 10:00", delay_agreed = true } },
  },
  expect { no_penalty { staff = "w1" } },
}

spec "a chargeable quote waits for the customer's consent; work after it is fine" {
  at "2026-03-02 08:00" { customer { id = "u1" } },
  at "2026-03-02 10:15" { request { id = "q1", subject = "更换水龙头", kind = "repair_quote", customer = "u1", amount = "85 yuan" } },
  expect { approval { id = "q1", status = "pending", chain = { "customer" } } },
  at "2026-03-02 10:18" { decision { approval = "q1", decision = "approve", by = "u1" } },
  expect { approval { id = "q1", status = "approved", decided_by = "u1" } },
  at "2026-03-02 10:20" { followup { customer = "u1", staff = "w1", kind = "repair_start", fields = { quote = "q1" } } },
  expect { no_penalty { staff = "w1" }, no_action { type = "notify" } },
}

spec "work started before the customer agreed is sanctioned and reported" {
  at "2026-03-02 08:00" { customer { id = "u1" } },
  at "2026-03-02 10:15" { request { id = "q1", subject = "疏通下水", kind = "repair_quote", customer = "u1", amount = "50 yuan" } },
  at "2026-03-02 10:16" { followup { customer = "u1", staff = "w1", kind = "repair_start", fields = { quote = "q1" } } },
  expect {
    penalty { staff = "w1", kind = "sanction", sanction = "warning" },
    action { type = "notify", to = "engineering_director" },
  },
}

spec "a free repair needs no consent" {
  at "2026-03-02 08:00" { customer { id = "u1" } },
  at "2026-03-02 10:15" { request { id = "q0", subject = "更换灯泡 (免费)", kind = "repair_quote", customer = "u1", amount = "0 yuan" } },
  expect { approval { id = "q0", status = "approved", decided_by = "auto" } },
}

spec "only the customer signs the quote" {
  at "2026-03-02 08:00" { customer { id = "u1" }, staff { id = "w1", role = "engineer" } },
  at "2026-03-02 10:15" { request { id = "q1", subject = "换锁", kind = "repair_quote", customer = "u1", amount = "120 yuan" } },
  at "2026-03-02 10:16" { decision { approval = "q1", decision = "approve", by = "w1" } },
  expect { rejected "cannot decide", approval { id = "q1", status = "pending" } },
}

spec "moving fixtures needs the owner's consent" {
  at "2026-03-02 08:00" { customer { id = "u1" } },
  at "2026-03-02 10:15" { request { id = "m1", subject = "移动衣柜", kind = "move_fixtures", customer = "u1" } },
  expect { approval { id = "m1", status = "pending", chain = { "customer" } } },
  at "2026-03-02 10:16" { decision { approval = "m1", decision = "reject", by = "u1", note = "不同意" } },
  expect { approval { id = "m1", status = "rejected" } },
}

spec "fees without the customer's signature, and damage, are reported" {
  at "2026-03-02 08:00" { customer { id = "u1" } },
  at "2026-03-02 11:00" {
    followup { customer = "u1", staff = "w1", kind = "repair_done", fields = { fee_fen = 8500, customer_signed = true } },
  },
  expect { no_action { type = "notify" } },
  at "2026-03-02 12:00" {
    followup { customer = "u1", staff = "w1", kind = "repair_done", fields = { fee_fen = 8500, damage_fen = 12050 } },
  },
  expect {
    action { type = "notify", message = "维修单费用未经客户签名认可" },
    action { type = "notify", message = "损坏物品按价赔偿 120.50 元" },
  },
}

spec "repair statistics are due at each month's end" {
  at "2026-01-31 12:00" { tick },
  at "2026-02-01 00:00" { tick },
  expect { task { kind = "repair_statistics", due = "2026-02-28T23:59:59", owner = "engineering_director" } },
}
