-- 第一条, 第二条: whose customer it is, entering it in time, following it up.

-- 第一条 公司所来客户, 谁的客户归谁接待 and 第二条 房源、客源重复时按录入时间
-- 早的为准: the consultant who entered the customer first keeps it.  A
-- later entry by another consultant is refused, naming the first.  When
-- nobody can tell who had contact (第一条 分配给谁归谁接待), the department
-- manager allocates: an upsert with attrs.allocated_by may set the owner.
rule "earliest entry keeps the customer" {
  clause = "第一条, 第二条",
  on = "customer.upsert",
  run = function(ev)
    local c = facts.customer(ev.data.id)
    local first = c.attrs.entered_by
    local by = ev.data.owner
    local allocated = ev.data.attrs and ev.data.attrs.allocated_by
    if first == nil then
      if by == nil then return end
      return { set_attr { customer = c.id, key = "entered_by", value = by },
               set_attr { customer = c.id, key = "entered_at", value = time.format(ev.at) } }
    end
    if by ~= nil and by ~= first then
      if allocated then
        return set_attr { customer = c.id, key = "entered_by", value = by }
      end
      error(string.format("customer %s was entered first by %s at %s: it stays theirs (第二条 按录入时间早的为准)",
        c.id, first, c.attrs.entered_at))
    end
  end,
}

-- 第二条 没有按要求及时输入房源、客源, 成交后没有提成: a deal on a customer
-- who was entered later than entry_within after the first contact (or
-- never) earns its consultant no commission; finance is told.
rule "no commission on customers not entered in time" {
  clause = "第二条",
  on = "order.placed",
  run = function(ev)
    local c = facts.customer(ev.data.customer)
    local late
    if c == nil then
      late = "customer was never entered"
    elseif c.attrs.first_contact ~= nil then
      local entered = time.parse(c.attrs.entered_at or time.format(ev.at))
      local limit = time.add(time.parse(c.attrs.first_contact), param.entry_within)
      if entered > limit then
        late = "entered " .. c.attrs.entered_at .. ", more than " .. param.entry_within .. " after first contact"
      end
    end
    if late then
      return notify { to = "finance", customer = ev.data.customer,
                      subject = "no commission",
                      message = "第二条: no commission for " .. tostring(ev.data.staff) .. " on deal " ..
                                ev.data.id .. " (" .. late .. ")" }
    end
  end,
}

-- 第二条 要及时回访、跟进: every active customer is revisited by its
-- consultant every revisit_every.
cadence "revisit customers" {
  clause = "第二条",
  by = "status",
  active = { every = param.revisit_every, owner = "account_owner" },
}
