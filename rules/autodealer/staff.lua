-- 篇九 一 新员工入职 (probation) and 二.7 leave.

-- 一.1 新员工试用期为二个月: a staff member with attrs.probation_start gets
-- a probation task due two months later, owned by the sales manager.
rule "probation starts" {
  clause = "篇九 一.1",
  on = "staff.upsert",
  run = function(ev)
    local s = facts.staff(ev.data.id)
    local start = s.attrs.probation_start
    if start == nil or #facts.rows("tasks", { kind = "probation", ref = s.id }) > 0 then return end
    local mgr = facts.staff_with_role("sales_manager")
    return schedule_followup { kind = "probation", ref = s.id, owner = mgr and mgr.id or "sales_manager",
                               due = time.add(time.parse(start), param.probation),
                               subject = "试用期 " .. s.id .. ": 累计销售" .. param.probation_cars .. "台即可转正" }
  end,
}

local function cars_sold(staff, from, to)
  local n = 0
  for _, o in ipairs(facts.rows("orders", { staff = staff, at = { from = from, to = to } }, { limit = 100000 })) do
    n = n + (o.attrs.cars or 1)
  end
  return n
end

-- 一.1 累计销售5台即可转正, 转正填写《试用期员工转正申请》, 由销售经理签字生效:
-- the fifth car opens the confirmation request for the sales manager.
rule "five cars: confirmation request" {
  clause = "篇九 一.1",
  on = "order.placed",
  run = function(ev)
    local staff = ev.data.staff
    local task = staff and facts.rows("tasks", { kind = "probation", ref = staff, status = "open" })[1]
    if task == nil then return end
    local s = facts.staff(staff)
    local sold = cars_sold(staff, time.parse(s.attrs.probation_start), ev.at)
    if sold < param.probation_cars then return end
    return { complete_followup { task = task.id },
             require_approval { approval = "转正:" .. staff, chain = { "sales_manager" },
                                kind = "confirmation", subject = "试用期员工转正申请 " .. staff } }
  end,
}

-- 一.1 未完成销售任务者自动离职: at the end of probation without five cars.
rule "probation ends without five cars" {
  clause = "篇九 一.1",
  on = "tick",
  run = function(ev)
    local out = {}
    for _, t in ipairs(facts.rows("tasks", { kind = "probation", status = "open", due_at = { before = ev.at } })) do
      out[#out + 1] = complete_followup { task = t.id, status = "failed" }
      out[#out + 1] = sanction { staff = t.ref, sanction = "dismiss",
                                 reason = "试用期未完成销售任务 (" .. param.probation_cars .. "台), 自动离职" }
    end
    return out
  end,
}

-- 二.7 请假或休班者于前一天提前告知组长、销售经理及行政部; 不可代人请假, 不可
-- 电话请假, 特殊情况除外, 周六、日不允许休息.  一.6 试用期内一个月不允许休息.
-- A leave request (kind "leave", attrs.staff, attrs.date, attrs.channel,
-- attrs.special) breaking one of these is refused; returns why, or nil.
local function leave_problem(ev)
  local a = ev.data.attrs or {}
  local day = time.parse(a.date)
  if ev.at >= time.start_of(day, "day") then return "请假须于前一天提出" end
  local wday = time.date(day).wday
  if wday == 6 or wday == 7 then return "周六、日不允许休息" end
  if not a.special then
    if a.channel == "phone" then return "不可电话请假" end
    if ev.data.requested_by ~= nil and a.staff ~= nil and ev.data.requested_by ~= a.staff then
      return "不可代人请假"
    end
  end
  local s = a.staff and facts.staff(a.staff)
  if s and s.attrs.probation_start then
    local start = time.parse(s.attrs.probation_start)
    if day < time.add(start, param.no_rest) then return "试用期内一个月不允许休息" end
  end
  return nil
end

rule "leave requests that break 二.7 are refused" {
  clause = "篇九 二.7, 一.6",
  on = "approval.requested",
  when = { kind = "leave" },
  run = function(ev)
    local why = leave_problem(ev)
    if why then return reject { approval = ev.data.id, by = "rule", reason = why } end
  end,
}

approval "leave approved before leaving" {
  clause = "篇九 二.6, 二.7",
  kind = "leave",
  when = function(_, ev) return leave_problem(ev) == nil end,
  chain = { "team_leader", "sales_manager" },
}

rule "admin office is told of leave" {
  clause = "篇九 二.7",
  on = "approval.requested",
  when = { kind = "leave" },
  run = function(ev)
    local a = ev.data.attrs or {}
    return notify { to = "admin_office", subject = "请假", message = tostring(a.staff) .. " 请假 " .. tostring(a.date) }
  end,
}
