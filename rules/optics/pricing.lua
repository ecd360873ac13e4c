-- 3 权责 and 4.1.6: prices are the company's; lowering them needs sign-off.

-- 3 定好的产品价格未经公司董事会、总经理签字同意, 任何人无权私自降低产品的
-- 出厂价格: both signatures, the board's and the general manager's.
approval "ex-factory price reduction" {
  clause = "3 权责",
  kind = "ex_factory_price",
  chain = { "board", "general_manager" },
  mode = "all",
}

-- 4.1.6 销售过程中, 未经商务运营部部长允许, 不得擅自降低销售价格.
approval "price reduction during a sale" {
  clause = "4.1.6",
  kind = "sale_discount",
  chain = { "commercial_head" },
}

-- An order below the list price must name an approved reduction
-- (attrs.approval); otherwise 一切后果由当事人承担: the head of commercial
-- operations is told who sold below price.
rule "sales below price without permission" {
  clause = "4.1.6",
  on = "order.placed",
  run = function(ev)
    local d = ev.data
    if d.list_price_fen == nil or d.amount_fen >= d.list_price_fen then return end
    local id = d.attrs and d.attrs.approval
    local a = id and facts.approval(id)
    if a and a.status == "approved" and (a.kind == "sale_discount" or a.kind == "ex_factory_price") then return end
    return notify { to = "commercial_head", subject = "擅自降价",
                    message = string.format("order %s by %s: %d fen below list price without an approved reduction",
                                            d.id, tostring(d.staff), d.list_price_fen - d.amount_fen) }
  end,
}
