-- Complaints and e-mails within 24 hours, revisits, visits, surveys.

spec "a complaint answered at 23h59m is on time" {
  at "2026-03-02 09:00" { customer { id = "c1", owner = "s1" } },
  at "2026-03-02 10:00" { complaint { id = "k1", customer = "c1", text = "送货延误" } },
  expect { task { kind = "complaint answered within 24 hours", ref = "k1", due = "2026-03-03T10:00:00", owner = "s1" } },
  at "2026-03-03 09:59" { response { complaint = "k1", by = "s1" } },
  expect {
    task { kind = "complaint answered within 24 hours", ref = "k1", status = "done" },
    complaint { id = "k1", status = "responded" },
  },
  at "2026-03-03 10:01" { tick },
  expect { no_task { status = "escalated" } },
}

spec "a complaint unanswered at 24h01m is escalated on the clock" {
  at "2026-03-02 09:00" { customer { id = "c1", owner = "s1" } },
  at "2026-03-02 10:00" { complaint { id = "k1", customer = "c1" } },
  at "2026-03-03 10:00" { tick },
  expect { task { ref = "k1", status = "open" } },
  at "2026-03-03 10:01" { tick },
  expect { task { ref = "k1", status = "escalated", escalated_to = "crm_manager" } },
}

spec "an e-mail answered within 24 hours closes its task; a second one unanswered is escalated" {
  at "2026-03-02 09:00" { customer { id = "c1", owner = "s1" } },
  at "2026-03-02 10:00" { followup { customer = "c1", kind = "email_in" } },
  expect { task { kind = "e-mail answered within 24 hours", customer = "c1", due = "2026-03-03T10:00:00" } },
  at "2026-03-02 15:00" { followup { customer = "c1", staff = "s1", kind = "call" } },
  expect { task { kind = "e-mail answered within 24 hours", status = "open" } },
  at "2026-03-03 09:59" { followup { customer = "c1", staff = "s1", kind = "email_reply" } },
  expect { task { kind = "e-mail answered within 24 hours", due = "2026-03-03T10:00", status = "done" } },
  at "2026-03-04 08:00" { followup { customer = "c1", kind = "email_in" } },
  at "2026-03-05 08:01" { tick },
  expect { task { kind = "e-mail answered within 24 hours", due = "2026-03-05T08:00", status = "escalated" } },
}

spec "every active customer is revisited every three months" {
  at "2026-01-31 09:00" { customer { id = "c1", owner = "s1" } },
  expect { task { kind = "regular revisits", customer = "c1", due = "2026-04-30", owner = "s1" } },
  at "2026-03-15 10:00" { followup { customer = "c1", staff = "s1", kind = "visit" } },
  expect { task { kind = "regular revisits", customer = "c1", due = "2026-06-15", status = "open" } },
}

spec "important customers are also visited monthly; a phone call does not count" {
  at "2026-01-05 09:00" { customer { id = "c1", owner = "s1", attrs = { key_resources = true } } },
  expect { task { kind = "top customers visited regularly", customer = "c1", due = "2026-02-05" } },
  at "2026-01-20 09:00" { followup { customer = "c1", staff = "s1", kind = "revisit" } },
  expect { task { kind = "top customers visited regularly", due = "2026-02-05", status = "open" } },
  at "2026-02-01 09:00" { followup { customer = "c1", staff = "s1", kind = "visit" } },
  expect { task { kind = "top customers visited regularly", due = "2026-03-01", status = "open" } },
}

spec "a customer who becomes important by an order gets the monthly visit" {
  at "2026-01-05 09:00" { customer { id = "c1", owner = "s1" } },
  expect { no_task { kind = "top customers visited regularly" } },
  at "2026-01-10 09:00" { order { id = "o1", customer = "c1", amount = "1000000 yuan" } },
  expect { task { kind = "top customers visited regularly", customer = "c1", due = "2026-02-10" } },
}

spec "in the abc scheme the monthly visit is for A customers" {
  params = { scheme = "abc" },
  at "2026-01-05 09:00" { customer { id = "c1", owner = "s1" }, order { id = "o1", customer = "c1", amount = "1000000 yuan" } },
  expect { class = { c1 = "A" }, task { kind = "top customers visited regularly", customer = "c1" } },
}

spec "a satisfaction survey falls due by each quarter's last day" {
  at "2025-12-31 12:00" { tick },
  at "2026-04-01 00:00" { tick },
  expect {
    task { kind = "satisfaction_survey", due = "2026-03-31", status = "overdue" },
    task { kind = "satisfaction_survey", due = "2026-06-30T23:59:59", status = "open", owner = "crm_manager" },
  },
}
