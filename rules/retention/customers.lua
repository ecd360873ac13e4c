-- Which customers are old (老客户: have bought before) and which are key
-- (重点客户: attrs.key = true, the document does not define them), and how
-- each is followed.

-- 第十一条 老客户 / 第二十条 对于重点客户应该单独管理, 制作重点客户的卡片.
classify "customer card" {
  clause = "第十一条, 第二十条",
  on = { "customer.upsert", "order.placed" },
  measure = {
    orders = function(c, at) return facts.count("orders", { customer = c.id, at = { before = at + 1 } }) end,
  },
  { class = "key", when = { key = true }, reason = "重点客户: 单独管理, 重点客户卡片" },
  { class = "old", when = { orders = at_least(1) }, reason = "老客户: 已有购买" },
  { class = "new", reason = "新客户" },
}

-- 第十六条 使用电话定期跟踪, 定期拜访老客户; 第二十条 key customers apart.
-- A call is followup.logged { kind = "phone" }, a visit { kind = "visit" }.
cadence "phone follow-up of old customers" {
  clause = "第十六条",
  old = { every = param.phone_every, owner = "account_owner", kind = "phone" },
  key = { every = param.phone_every, owner = "account_owner", kind = "phone" },
}

cadence "visits to old and key customers" {
  clause = "第十六条, 第二十条",
  old = { every = param.visit_every, owner = "account_owner", kind = "visit" },
  key = { every = param.key_visit_every, owner = "account_owner", kind = "visit", form = "重点客户卡片" },
}

-- 第十二条 欢迎客户再次来访, 当时预约下一次拜访: a visit records
-- fields.next_visit (a time); it becomes a task, and the next visit closes
-- it.  A visit without one is sent back to its owner.
rule "book the next visit at each visit" {
  clause = "第十二条",
  on = "followup.logged",
  when = { kind = "visit" },
  run = function(ev)
    local d = ev.data
    local out = {}
    for _, t in ipairs(facts.open_tasks(d.customer, "booked_visit")) do
      out[#out + 1] = complete_followup { task = t.id }
    end
    local next_visit = d.fields and d.fields.next_visit
    local c = facts.customer(d.customer)
    if next_visit then
      out[#out + 1] = schedule_followup { customer = d.customer, kind = "booked_visit",
        due = time.parse(next_visit), owner = d.staff or (c and c.owner), subject = "预约拜访" }
    else
      out[#out + 1] = notify { to = d.staff or (c and c.owner) or "customer_service", customer = d.customer,
        message = "拜访时未预约下一次拜访 (第十二条)" }
    end
    return out
  end,
}
