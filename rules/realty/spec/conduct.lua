-- 第二条, 第四–七条: fines, sanctions, rewards.

spec "第二条 untruthful listing: 50 yuan per person per time" {
  at "2026-03-02 10:00" {
    violation { staff = "s1", kind = "untruthful_listing" },
    violation { staff = "s2", kind = "untruthful_listing" },
  },
  at "2026-03-05 10:00" { violation { staff = "s1", kind = "untruthful_listing" } },
  expect {
    fines { s1 = "100 yuan", s2 = "50 yuan" },
    -- No window: each report is the first, and the reason shows no count.
    penalty { staff = "s2", amount = "50 yuan", reason = "untruthful listing" },
  },
}

spec "第四条 a viewing needs the department manager's approval" {
  at "2026-03-02 09:00" { staff { id = "m1", role = "department_manager" }, staff { id = "s1", role = "consultant" } },
  at "2026-03-02 10:00" { request { id = "v1", kind = "viewing", subject = "带客户看房 阳光花园3-201", requested_by = "s1" } },
  expect { approval { id = "v1", status = "pending", chain = { "department_manager" } } },
  at "2026-03-02 10:05" { decision { approval = "v1", decision = "approve", by = "s1" } },
  expect { rejected "waiting for department_manager" },
  at "2026-03-02 10:10" { decision { approval = "v1", decision = "approve", by = "m1" } },
  expect { approval { id = "v1", status = "approved", decided_by = "m1" } },
}

spec "第四条 an approved viewing is no violation; an unapproved one is 50 yuan each time" {
  at "2026-03-02 09:00" { staff { id = "m1", role = "department_manager" } },
  at "2026-03-02 10:00" { request { id = "v1", kind = "viewing", subject = "看房" } },
  at "2026-03-02 10:10" { decision { approval = "v1", decision = "approve", by = "m1" } },
  at "2026-03-02 14:00" { violation { staff = "s1", kind = "viewing", attrs = { approval = "v1" } } },
  expect { no_penalty { staff = "s1" } },
  at "2026-03-03 14:00" { violation { staff = "s1", kind = "viewing" } },
  at "2026-03-04 14:00" { violation { staff = "s1", kind = "viewing", attrs = { approval = "v9" } } },
  expect { fines { s1 = "100 yuan" }, penalty { staff = "s1", at = "2026-03-04", amount = "50 yuan" } },
}

spec "第一条 malicious competition: a fine, then dismissal" {
  at "2026-03-02 10:00" { violation { staff = "s1", kind = "malicious_competition" } },
  expect { penalty { staff = "s1", kind = "fine", amount = "200 yuan" } },
  at "2026-09-02 10:00" { violation { staff = "s1", kind = "malicious_competition" } },
  expect { penalty { staff = "s1", kind = "sanction", sanction = "dismiss", occurrence = 2 } },
}

spec "第五–六条 graded: warning, fine, dismissal within the year; a new year starts over" {
  at "2026-02-02 10:00" { violation { staff = "s1", kind = "unauthorised_contact" } },
  at "2026-05-02 10:00" { violation { staff = "s1", kind = "leak" } },
  at "2026-12-31 23:59:59" { violation { staff = "s1", kind = "leak" } },
  expect {
    penalty { staff = "s1", sanction = "warning", occurrence = 1 },
    penalty { staff = "s1", kind = "fine", amount = "200 yuan", occurrence = 2 },
    penalty { staff = "s1", sanction = "dismiss", occurrence = 3 },
  },
  at "2027-01-01 00:00" { violation { staff = "s2", kind = "leak" }, violation { staff = "s1", kind = "leak" } },
  expect { penalty { staff = "s1", sanction = "warning", occurrence = 1, at = "2027-01-01" } },
}

spec "第五条 contact in the company's name needs the general manager" {
  at "2026-03-02 10:00" { request { id = "x1", kind = "external_contact", subject = "联系链家合作" } },
  expect { approval { id = "x1", status = "pending", chain = { "general_manager" } } },
}

spec "第七条 meeting the month's target exactly is rewarded; one fen short is education" {
  at "2026-03-01 00:00" {
    staff { id = "s1", role = "consultant", attrs = { target = "300000 yuan" } },
    staff { id = "s2", role = "consultant", attrs = { target = "300000 yuan" } },
    staff { id = "s3", role = "consultant" },
    tick,
  },
  at "2026-03-10 10:00" {
    order { id = "d1", customer = "c1", staff = "s1", amount = "300000 yuan" },
    order { id = "d2", customer = "c2", staff = "s2", amount = "299999.99 yuan" },
  },
  at "2026-04-01 00:00" { order { id = "d3", customer = "c2", staff = "s2", amount = "1 yuan" } },
  at "2026-04-01 00:00" { tick },
  expect {
    rewards { s1 = "300 yuan", s2 = "0 yuan" },
    penalty { staff = "s2", sanction = "education", reason = "第七条 未完成销售任务 2026-03" },
    no_penalty { staff = "s3" },
  },
}
