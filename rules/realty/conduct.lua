-- 第一条, 第二条, 第四–七条: fines, sanctions and rewards.

-- 第二条 房源没有按事实输入或和房主沟通不到位隐瞒事实而造成成交失败:
-- 每人每次罚款50元 — every time, for every consultant involved (one report
-- per person).
ladder "untruthful listing" {
  clause = "第二条",
  kind = "untruthful_listing",
  steps = { fine(param.untruthful_fine) },
}

-- 第四条 带客户看房必须由本部经理批准.
approval "viewings are approved by the department manager" {
  clause = "第四条",
  kind = "viewing",
  chain = { "department_manager" },
}

-- 第四条 没有经理的批准, 私自带客户看房, 每次罚款50元.  A reported viewing
-- that names an approved viewing request (attrs.approval) is no violation.
ladder "viewing without approval" {
  clause = "第四条",
  kind = "viewing",
  when = function(v)
    local id = v.attrs and v.attrs.approval
    local a = id and facts.approval(id)
    return not (a and a.status == "approved")
  end,
  steps = { fine(param.viewing_fine) },
}

-- 第一条 严禁恶性竞争, 如有违反, 给予罚款、辞退处罚: a fine the first time,
-- dismissal the second (within conduct_window).
ladder "malicious competition" {
  clause = "第一条",
  kind = "malicious_competition",
  window = param.conduct_window,
  steps = { fine(param.conduct_fine), dismiss "辞退: 恶性竞争" },
}

-- 第五条 未经总经理同意, 以公司名义私自对外联系 (其他房地产中介机构、个人
-- 房产中介商): contact in the company's name needs the GM's consent ...
approval "outside contact needs the general manager" {
  clause = "第五条",
  kind = "external_contact",
  chain = { "general_manager" },
}

-- ... and doing it anyway, or 第六条 leaking secrets, is graded: warning,
-- fine, dismissal (警告、罚款、辞退等处分).
ladder "unauthorised contact and leaks" {
  clause = "第五–六条",
  kind = { "unauthorised_contact", "leak" },
  window = param.conduct_window,
  steps = { warn "警告", fine(param.conduct_fine), dismiss "辞退" },
}

-- 第七条 完成任务好的和超额完成的给予奖励, 对未完成和完成任务差的给予教育
-- 或适当罚款: on the 1st, each consultant with a monthly target
-- (attrs.target, e.g. "300000 yuan") is measured on last month's deals.
-- Meeting it exactly counts as 完成.  Missing it earns education (教育); a
-- fine is the manager's call, reported as a violation.
calendar "monthly targets" {
  clause = "第七条",
  every = "month", day = 1, hour = 0,
  run = function(at)
    local from, to = time.window(at - 1, "calendar month")
    local out = {}
    for _, s in ipairs(facts.rows("staff", { role = "consultant", status = "active" })) do
      local target = s.attrs.target and money(s.attrs.target)
      if target then
        local done = facts.sum("orders", "amount_fen", { staff = s.id, at = { from = from, to = to } })
        if done >= target then
          out[#out + 1] = reward { staff = s.id, amount = param.target_reward,
                                   reason = "第七条 完成销售任务 " .. time.format(from):sub(1, 7) }
        else
          out[#out + 1] = sanction { staff = s.id, sanction = "education",
                                     reason = "第七条 未完成销售任务 " .. time.format(from):sub(1, 7) }
        end
      end
    end
    return out
  end,
}
