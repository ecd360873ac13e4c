-- 四.1 customer classes.
spec "四.1 A large and creditworthy, B large with credit problems, C new/ordinary, D bad credit" {
  at "2026-03-02 10:00" {
    customer { id = "a", attrs = { scale = "large", credit = "good" } },
    customer { id = "b", attrs = { scale = "large", credit = "problem" } },
    customer { id = "c", attrs = { scale = "small", credit = "good" } },
    customer { id = "new" },
    customer { id = "d", attrs = { scale = "large", credit = "bad" } },
  },
  expect { class = { a = "A", b = "B", c = "C", new = "C", d = "D" } },
  at "2026-06-02 10:00" { customer { id = "a", attrs = { credit = "bad" } } },
  expect { class = { a = "D" } },
}
