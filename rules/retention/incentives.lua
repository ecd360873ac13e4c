-- 第六条 and 第十三条: what customers get for staying.

-- 第十三条 在老客户进行下一次购买时予以折扣, 鼓励回头客的奖励机制: an order
-- from a customer with an earlier order earns the discount, told to the
-- salesperson on the order and recorded on the customer.
rule "returning customers get a discount" {
  clause = "第十三条",
  on = "order.placed",
  run = function(ev)
    local d = ev.data
    local earlier = facts.count("orders", { customer = d.customer, at = { before = ev.at } })
    if earlier == 0 then return end
    local discount = d.amount_fen * param.returning_discount_percent // 100
    local c = facts.customer(d.customer)
    return {
      set_attr { customer = d.customer, key = "last_discount_fen", value = discount },
      notify { to = d.staff or (c and c.owner) or "sales", customer = d.customer, subject = d.id,
        message = string.format("回头客折扣 %d%%: %d.%02d 元", param.returning_discount_percent,
          discount // 100, discount % 100) },
    }
  end,
}

-- 第六条 增加客户的合作受益, 如对信用较好的客户提供一定程度的优惠: after
-- each payment the customer's terms follow their credit.
rule "good credit earns preferential terms" {
  clause = "第六条",
  on = "payment.received",
  run = function(ev)
    local id = ev.data.customer
    local c = id and facts.customer(id)
    if c == nil then return end
    local pays = facts.rows("payments", { customer = id,
      at = { from = time.add(ev.at, param.good_credit_window, -1) + 1, before = ev.at + 1 } })
    local good = #pays > 0
    for _, p in ipairs(pays) do
      if (p.attrs and p.attrs.days_late or 0) > param.good_credit_max_days_late then good = false end
    end
    local terms = good and param.good_credit_terms or param.standard_terms
    if (c.attrs and c.attrs.terms) ~= terms then
      return set_attr { customer = id, key = "terms", value = terms }
    end
  end,
}
