-- 篇九 二: the monthly lateness ladder and the other fines.

spec "二.5 late in one month: 20 yuan, 40 yuan, then dismissal (劝退)" {
  at "2026-03-02 08:40" { violation { staff = "s1", kind = "late", attrs = { arrived = "08:40" } } },
  expect { penalty { staff = "s1", kind = "fine", amount = "20 yuan", occurrence = 1 } },
  at "2026-03-12 08:35" { violation { staff = "s1", kind = "late", attrs = { arrived = "08:35" } } },
  expect { penalty { staff = "s1", kind = "fine", amount = "40 yuan", occurrence = 2 } },
  at "2026-03-31 23:59:59" { violation { staff = "s1", kind = "late" } },
  expect { penalty { staff = "s1", kind = "sanction", sanction = "dismiss", occurrence = 3 },
           fines { s1 = "60 yuan" } },
}

spec "二.5 the first late arrival of the next month is 20 yuan again" {
  at "2026-03-02 08:40" { violation { staff = "s1", kind = "late" } },
  at "2026-03-12 08:40" { violation { staff = "s1", kind = "late" } },
  at "2026-04-01 08:40" { violation { staff = "s1", kind = "late" } },
  expect { penalty { staff = "s1", amount = "20 yuan", occurrence = 1, at = "2026-04-01" },
           no_penalty { sanction = "dismiss" }, fines { s1 = "80 yuan" } },
}

spec "二.5 arriving at 08:30 sharp is on time; 08:30:01 is late" {
  at "2026-03-02 08:30" { violation { staff = "s1", kind = "late", attrs = { arrived = "08:30" } } },
  expect { no_penalty { staff = "s1" } },
  at "2026-03-03 08:31" { violation { staff = "s1", kind = "late", attrs = { arrived = "08:30:01" } } },
  -- the on-time report does not count: this is the first time
  expect { penalty { staff = "s1", amount = "20 yuan", occurrence = 1 } },
}

spec "二.2 improper dress at the morning meeting counts as a late arrival" {
  at "2026-03-02 08:40" { violation { staff = "s1", kind = "late" } },
  at "2026-03-05 08:25" { violation { staff = "s1", kind = "improper_dress" } },
  expect { penalty { staff = "s1", amount = "40 yuan", occurrence = 2 } },
  at "2026-03-09 08:25" { violation { staff = "s1", kind = "improper_dress" } },
  expect { penalty { staff = "s1", sanction = "dismiss", occurrence = 3 } },
}

spec "二.5 leaving early is counted on its own, handled the same way" {
  at "2026-03-02 08:40" { violation { staff = "s1", kind = "late" } },
  at "2026-03-02 17:00" { violation { staff = "s1", kind = "early_leave" } },
  at "2026-03-03 17:00" { violation { staff = "s1", kind = "early_leave" } },
  at "2026-03-04 17:00" { violation { staff = "s1", kind = "early_leave" } },
  expect { penalty { staff = "s1", rule = "leaving early", amount = "20 yuan", occurrence = 1 },
           penalty { staff = "s1", rule = "leaving early", amount = "40 yuan", occurrence = 2 },
           penalty { staff = "s1", rule = "leaving early", sanction = "dismiss", occurrence = 3 },
           penalty { staff = "s1", rule = "late arrival", occurrence = 1 } },
}

spec "二.3 eating or make-up after the meeting: 20 yuan, the second time dismissal" {
  at "2026-03-02 09:10" { violation { staff = "s1", kind = "after_meeting" } },
  expect { penalty { staff = "s1", amount = "20 yuan" } },
  at "2026-03-20 09:10" { violation { staff = "s1", kind = "after_meeting" } },
  expect { penalty { staff = "s1", sanction = "dismiss", occurrence = 2 } },
}

spec "二.4 二.6 untidy desk not corrected and private errands: 20 yuan each time" {
  at "2026-03-02 10:00" {
    violation { staff = "s1", kind = "untidy_desk" },
    violation { staff = "s1", kind = "private_errand" },
  },
  at "2026-03-03 10:00" { violation { staff = "s1", kind = "private_errand" } },
  expect { fines { s1 = "60 yuan" }, no_penalty { kind = "sanction" } },
}

spec "二.10 negotiation area: cleaned within 1 minute is fine; 61 seconds is 10 yuan" {
  at "2026-03-02 15:01" { violation { staff = "s1", kind = "negotiation_area",
                                      attrs = { customer_left = "2026-03-02 15:00:00", cleaned = "2026-03-02 15:01:00" } } },
  expect { no_penalty { staff = "s1" } },
  at "2026-03-02 16:02" { violation { staff = "s1", kind = "negotiation_area",
                                      attrs = { customer_left = "2026-03-02 16:00:00", cleaned = "2026-03-02 16:01:01" } } },
  expect { penalty { staff = "s1", amount = "10 yuan" } },
}

spec "二.8 cleaning must start within 5 minutes and end within an hour of the meeting" {
  at "2026-03-02 10:00" { violation { staff = "s1", kind = "cleaning",
                                      attrs = { meeting_end = "2026-03-02 08:50", started = "2026-03-02 08:55",
                                                finished = "2026-03-02 09:50" } } },
  expect { no_action { type = "notify" } },
  at "2026-03-03 10:00" { violation { staff = "s1", kind = "cleaning",
                                      attrs = { meeting_end = "2026-03-03 08:50", started = "2026-03-03 08:55:01",
                                                finished = "2026-03-03 09:50:01" } } },
  expect { action { type = "notify", to = "team_leader",
                    message = "二.8 s1: started more than 5 minutes after the meeting, not finished within 1 hour" },
           no_penalty { staff = "s1" } },
}
