-- 篇七 报修服务规程.  A repair visit is logged as follow-ups of the customer:
--   kind = "repair_arrival", staff, fields = { booked = "2026-03-02 10:00",
--          delay_agreed = true/false }        (the event's time is the arrival)
--   kind = "repair_start",   staff, fields = { quote = "<approval id>" }
--   kind = "repair_done",    staff, fields = { fee_fen = ..., customer_signed = true,
--          damage_fen = ... }
-- A quote is approval.requested { kind = "repair_quote", customer, amount }.

-- 3.2 由前台或工程人员预约大致上门维修服务时间, 非特殊情况不得超过预约时间
-- 10分钟, 特殊情况须与客户沟通并取得同意.
rule "arrival within ten minutes of the booked time" {
  clause = "篇七 3.2",
  on = "followup.logged",
  when = { kind = "repair_arrival" },
  run = function(ev)
    local f = ev.data.fields or {}
    if f.booked == nil then error("a repair arrival needs fields.booked (the booked time)") end
    local limit = time.add(time.parse(f.booked), param.late_grace)
    if ev.at > limit and f.delay_agreed ~= true then
      return fine { staff = ev.data.staff, amount = param.late_fine,
                    reason = string.format("上门超过预约时间%s (预约 %s, 到达 %s)", param.late_grace, f.booked,
                      time.format(ev.at)) }
    end
  end,
}

-- 3.4 维修人员到达现场后 ... 向客户告之收费标准, 客户同意后才能开始维修:
-- a chargeable quote is signed by the customer; a free repair is not.
approval "the customer agrees to the quote before work starts" {
  clause = "篇七 3.4",
  kind = "repair_quote",
  { amount = more_than(0), chain = { "customer" } },
  { auto = true },
}

rule "no work before the customer agrees" {
  clause = "篇七 3.4",
  on = "followup.logged",
  when = { kind = "repair_start" },
  run = function(ev)
    local f = ev.data.fields or {}
    if f.quote == nil then return end
    local q = facts.approval(f.quote)
    if q == nil or q.status ~= "approved" then
      return {
        sanction { staff = ev.data.staff, sanction = param.no_consent_sanction,
                   reason = "客户未同意收费 (" .. f.quote .. ") 即开始维修" },
        notify { to = "engineering_director", customer = ev.data.customer,
                 message = "维修在客户同意报价前开始: " .. f.quote },
      }
    end
  end,
}

-- 3.5 移动室内设施须有业主同意: approval.requested { kind = "move_fixtures" }
-- signed by the customer.
approval "moving fixtures needs the owner's consent" {
  clause = "篇七 3.5",
  kind = "move_fixtures",
  chain = { "customer" },
}

-- 3.5 损坏东西要致歉并按价赔偿; 3.6 在维修单上注明各项费用金额, 并请客户
-- 签名认可.
rule "fees signed by the customer; damage compensated" {
  clause = "篇七 3.5, 3.6",
  on = "followup.logged",
  when = { kind = "repair_done" },
  run = function(ev)
    local f = ev.data.fields or {}
    local out = {}
    if (f.fee_fen or 0) > 0 and f.customer_signed ~= true then
      out[#out + 1] = notify { to = "engineering_director", customer = ev.data.customer, form = "维修单",
                               message = "维修单费用未经客户签名认可" }
    end
    if (f.damage_fen or 0) > 0 then
      out[#out + 1] = notify { to = "engineering_director", customer = ev.data.customer,
                               message = string.format("损坏物品按价赔偿 %d.%02d 元", f.damage_fen // 100,
                                 f.damage_fen % 100) }
    end
    return out
  end,
}

-- 3.8 月底对维修内容进行统计, 填写《工程部有偿服务登记表》, 并对维修内容进行
-- 抽查回访, 统计零修及时率与合格率.
calendar "monthly repair statistics and spot-check revisits" {
  clause = "篇七 3.8",
  every = "month", day = param.stats_day,
  task = { kind = "repair_statistics", owner = "engineering_director", form = "工程部有偿服务登记表",
           subject = "维修统计、抽查回访, 零修及时率与合格率" },
}
