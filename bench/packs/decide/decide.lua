-- bench 1: class A/B/C/D from revenue and overdue days.
-- bench 2: the next follow-up falls due after the class's interval.
-- bench 3: a discount needs approval at a tier that grows with it.

local function class_of(revenue, overdue)
  if revenue >= param.a_revenue and overdue <= param.a_overdue then return "A" end
  if revenue >= param.b_revenue and overdue <= param.b_overdue then return "B" end
  if revenue >= param.c_revenue and overdue <= param.c_overdue then return "C" end
  return "D"
end

local interval = { A = param.a_days, B = param.b_days, C = param.c_days, D = param.d_days }

local function tier_of(discount)
  if discount > 30 then return "general_manager" end
  if discount > 15 then return "sales_director" end
  if discount > 5 then return "sales_manager" end
  return nil
end

rule "order decisions" {
  clause = "bench 1-3",
  on = "order.placed",
  run = function(ev)
    local d, a = ev.data, ev.data.attrs or {}
    local class = class_of(a.revenue_fen or 0, a.overdue_days or 0)
    local out = {
      classify { customer = d.customer, class = class },
      schedule_followup { customer = d.customer, kind = "followup",
                          due = time.add(ev.at, interval[class] .. " days") },
    }
    local tier = tier_of(a.discount_pct or 0)
    if tier then
      out[#out + 1] = require_approval { approval = "discount:" .. d.id, chain = { tier },
                                         kind = "discount", customer = d.customer,
                                         subject = "discount " .. a.discount_pct .. "%" }
    end
    return out
  end,
}
