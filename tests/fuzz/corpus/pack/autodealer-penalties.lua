-- 篇九 二 日常规范: fines and dismissal (劝退) for the sales floor.

-- True when a reported late arrival really was late: the report may carry
-- the arrival time (attrs.arrived, "08:31"); 8:30 itself is on time.
local late_after = after(param.work_starts)
local function was_late(v)
  if v.kind ~= "late" then return true end        -- improper dress, early leave
  local arrived = v.attrs and v.attrs.arrived
  return arrived == nil or late_after.test(arrived)
end

-- 二.5 当月内迟到: 第一次罚款20元, 第二次罚款40元 ... 一个月内迟到三次者予以
-- 劝退.  二.2 着装不规范者不得参加晨会, 并记迟到一次: improper dress at the
-- morning meeting is counted as a late arrival, in the same monthly count.
ladder "late arrival" {
  clause = "篇九 二.5, 二.2",
  kind = { "late", "improper_dress" },
  window = "calendar month",
  when = was_late,
  -- The ladder is kept as a spreadsheet (late_arrival.csv, exported from
  -- Excel as "CSV UTF-8"): 1st time 20 yuan, 2nd 40 yuan, 3rd 劝退.
  steps = csv "late_arrival.csv",
}

-- 二.5 早退同上处理: leaving early has its own monthly count, same steps.
ladder "leaving early" {
  clause = "篇九 二.5",
  kind = "early_leave",
  window = "calendar month",
  steps = { fine(param.late_first), fine(param.late_second), dismiss "劝退: 一个月内早退三次" },
}

-- 二.3 早会后洗脸化妆、吃东西等与工作无关的事宜, 违者罚款20元, 两次以上直接劝退.
ladder "eating or make-up after the morning meeting" {
  clause = "篇九 二.3",
  kind = "after_meeting",
  window = param.after_meeting_window,
  steps = { fine(param.after_meeting_fine), dismiss "劝退: 早会后与工作无关事宜两次" },
}

-- 二.4 物品摆放凌乱, 桌面和电脑上留有灰尘经纠正而不改者罚款20元: reported
-- only once a correction was ignored.
ladder "untidy desk not corrected" {
  clause = "篇九 二.4",
  kind = "untidy_desk",
  steps = { fine(param.desk_fine) },
}

-- 二.6 上班时间不得以任何理由外出公司办私事, 违者罚款20元.
ladder "private errand" {
  clause = "篇九 二.6",
  kind = "private_errand",
  steps = { fine(param.errand_fine) },
}

-- 二.10 接待客户完毕后1分钟内清理洽谈区域, 否则罚款10元.  The report carries
-- attrs.customer_left and attrs.cleaned (times); within 60 s is on time.
local function seconds_between(a, b)
  return time.parse(b) - time.parse(a)
end
ladder "negotiation area not cleaned" {
  clause = "篇九 二.10",
  kind = "negotiation_area",
  when = function(v)
    local a = v.attrs or {}
    if a.customer_left == nil or a.cleaned == nil then return true end
    return seconds_between(a.customer_left, a.cleaned) > param.negotiation_clean_within
  end,
  steps = { fine(param.negotiation_fine) },
}

-- 二.8 晨会后销售顾问在5分钟之内开始清理 ... 一小时内清理完毕, 由组长负责检查.
-- The team leader's check is reported with attrs.meeting_end, started and
-- finished; late cleaning goes back to the team leader (the clause names
-- no fine).
rule "cleaning after the morning meeting" {
  clause = "篇九 二.8",
  on = "violation.reported",
  when = { kind = "cleaning" },
  run = function(ev)
    local a = ev.data.attrs or {}
    local ends = time.parse(a.meeting_end)
    local late = {}
    if a.started and time.parse(a.started) - ends > param.cleaning_start_within then
      late[#late + 1] = "started more than 5 minutes after the meeting"
    end
    if a.finished == nil or time.parse(a.finished) - ends > param.cleaning_done_within then
      late[#late + 1] = "not finished within 1 hour"
    end
    if #late > 0 then
      return notify { to = "team_leader", subject = "5S", message = "二.8 " .. ev.data.staff .. ": " ..
                      table.concat(late, ", ") }
    end
  end,
}
