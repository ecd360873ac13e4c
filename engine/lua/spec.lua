-- spec.lua - the language of pack specs: given these events at these
-- times, expect these actions and this state.
--
--   spec "highway customers are A and followed monthly" {
--     at "2026-01-05 09:00" { customer { id = "c1", segment = "highway" } },
--     expect { class = { c1 = "A" }, task { customer = "c1", due = "2026-02-05" } },
--     at "2026-02-06 09:00" { tick },
--     expect { task { customer = "c1", status = "escalated", escalated_to = "sales_gm" } },
--   }
--
-- Runs in its own sandboxed state with the host table from core/spec.c;
-- every spec starts on a fresh in-memory store holding only its pack.

local host = ...

local type, pairs, ipairs, error, tostring, setmetatable, pcall =
  type, pairs, ipairs, error, tostring, setmetatable, pcall
local sfmt, ssub, sfind, concat, sort = string.format, string.sub, string.find, table.concat, table.sort

local specs = {}

----------------------------------------------------------------------------
-- Items: what `at` turns into events and `expect` into checks

local event_kinds = {
  customer = "customer.upsert", staff = "staff.upsert", order = "order.placed",
  payment = "payment.received", followup = "followup.logged", request = "approval.requested",
  decision = "approval.decided", complaint = "complaint.received",
  response = "complaint.responded", violation = "violation.reported", survey = "survey.returned",
  done = "task.done",
}
-- expect-side tables for the same words, and extra checks
local row_tables = {
  customer = "customers", staff = "staff", task = "tasks", approval = "approvals",
  complaint = "complaints", penalty = "penalties", order = "orders", payment = "payments",
  violation = "violations",
}

local function item(kind, negate)
  return function(fields)
    if type(fields) ~= "table" then error(kind .. " { ... } expects a table of fields", 2) end
    return { __item = kind, fields = fields, negate = negate }
  end
end

local env = {}
for k in pairs(event_kinds) do env[k] = item(k) end
for k in pairs(row_tables) do env[k] = env[k] or item(k) end
env.action = item("action")
env.no_action = item("action", true)
env.no_task = item("task", true)
env.no_penalty = item("penalty", true)
env.no_approval = item("approval", true)
env.tick = { __item = "tick" }
env.event = function(type_name)
  return function(fields) return { __item = "event", type = type_name, fields = fields } end
end
env.rejected = function(text) return { __item = "rejected", text = text } end
-- fines { s1 = "60 yuan" }: total fines of each staff member
env.fines = function(t) return { __item = "total", kind = "fine", totals = t } end
env.rewards = function(t) return { __item = "total", kind = "reward", totals = t } end
env.yuan = function(n) return host.money(tostring(n) .. " yuan") end

env.at = function(when)
  return function(items)
    return { step = "at", when = when, items = items, where = host.where(2) }
  end
end
env.expect = function(items)
  return { step = "expect", items = items, where = host.where(2) }
end
env.spec = function(name)
  if type(name) ~= "string" then error("spec needs a name: spec \"what it shows\" { ... }", 2) end
  local where = host.where(2)
  return function(steps)
    specs[#specs + 1] = { name = name, steps = steps, where = where }
  end
end

for _, k in ipairs { "ipairs", "pairs", "tostring", "tonumber", "type", "string", "table", "math", "print" } do
  env[k] = _ENV[k] or host[k]
end
env.print = host.print

setmetatable(env, {
  __index = function(_, k) error("unknown name '" .. tostring(k) .. "' in spec", 2) end,
  __newindex = function(_, k) error("cannot set global '" .. tostring(k) .. "' in a spec: use local", 2) end,
})

----------------------------------------------------------------------------
-- Running

local function show(v)
  if type(v) == "table" then
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = tostring(k) end
    sort(keys)
    local parts = {}
    for _, k in ipairs(keys) do parts[#parts + 1] = k .. "=" .. show(v[k]) end
    return "{" .. concat(parts, ", ") .. "}"
  end
  if type(v) == "string" then return sfmt("%q", v) end
  return tostring(v)
end

-- One expected value against an actual one: times match on a prefix
-- ("2026-02-05" matches "2026-02-05T23:59:59+08:00"); other text matches
-- whole ("untruthful listing" is not "untruthful listing #1").
local function same(want, got)
  if want == got then return true end
  if type(want) == "string" and type(got) == "string" and #want < #got
      and sfind(want, "^%d%d%d%d%-%d%d") then
    return ssub(got, 1, #want) == want and sfind(ssub(got, #want + 1, #want + 1), "^[T:+ ]") ~= nil
  end
  if type(want) == "table" and type(got) == "table" then
    for k, v in pairs(want) do if not same(v, got[k]) then return false end end
    return true
  end
  return false
end

local function row_matches(fields, row)
  for k, want in pairs(fields) do
    local got = row[k]
    if k == "amount" then
      k, got, want = "amount_fen", row.amount_fen, host.money(want)
    end
    if got == nil then got = row[k .. "_at"] end            -- due = ... for due_at
    if got == nil and type(row.attrs) == "table" then got = row.attrs[k] end
    if not same(want, got) then return false end
  end
  return true
end

local function brief(rows)
  if #rows == 0 then return "none" end
  local parts = {}
  for i = 1, math.min(#rows, 6) do parts[i] = show(rows[i]) end
  if #rows > 6 then parts[#parts + 1] = sfmt("... (%d in all)", #rows) end
  return concat(parts, "\n      ")
end

local function check(it, last)
  local kind = it.__item
  if kind == "rejected" then
    for _, r in ipairs(last) do
      if r.status == "rejected" and (it.text == nil or sfind(r.error.message, it.text, 1, true)) then
        r.expected_rejection = true
        return true
      end
    end
    return false, sfmt("expected an event to be rejected%s; results were: %s",
      it.text and (" with '" .. it.text .. "'") or "", brief(last))
  end
  if kind == "total" then
    for staff, amount in pairs(it.totals) do
      local sum = 0
      for _, p in ipairs(host.select("penalties", { staff = staff, kind = it.kind })) do sum = sum + p.amount_fen end
      local want = type(amount) == "number" and amount or host.money(amount)
      if sum ~= want then
        return false, sfmt("%ss of %s total %d fen, expected %d fen (%s)", it.kind, staff, sum, want, tostring(amount))
      end
    end
    return true
  end
  local rows
  if kind == "action" then
    rows = {}
    for _, r in ipairs(last) do for _, a in ipairs(r.actions) do rows[#rows + 1] = a end end
  else
    rows = host.select(row_tables[kind])
  end
  local hit
  for _, row in ipairs(rows) do
    if row_matches(it.fields, row) then hit = row break end
  end
  if it.negate and hit then
    return false, sfmt("expected no %s matching %s, found %s", kind, show(it.fields), show(hit))
  end
  if not it.negate and not hit then
    return false, sfmt("expected a %s matching %s; there are:\n      %s", kind, show(it.fields), brief(rows))
  end
  return true
end

local function check_unexpected_rejections(last)
  for _, r in ipairs(last) do
    if r.status == "rejected" and not r.expected_rejection then
      return sfmt("event %s was rejected: %s", tostring(r.event), r.error.message)
    end
  end
end

-- spec "..." { params = { scheme = "abc" }, at ... } runs the pack with
-- those parameter values in place of pack.lua's (an alternative an analyst
-- may choose); names the pack does not declare are an error.
local function run_spec(s)
  for k in pairs(s.steps) do
    if type(k) ~= "number" and k ~= "params" then
      return false, sfmt("unknown field '%s' (a spec holds at/expect steps and params = { ... })", tostring(k))
    end
  end
  host.reset(s.steps.params)
  local last, n = {}, 0
  for i, step in ipairs(s.steps) do
    if type(step) ~= "table" or not step.step then
      return false, sfmt("step %d is not at \"time\" { ... } or expect { ... }", i)
    end
    if step.step == "at" then
      local bad = check_unexpected_rejections(last)
      if bad then return false, bad end
      last = {}
      for _, it in ipairs(step.items) do
        if it == env.tick or (type(it) == "table" and it.__item == "tick") then
          for _, r in ipairs(host.tick(step.when)) do last[#last + 1] = r end
        else
          local t = it.__item == "event" and it.type or event_kinds[it.__item]
          if not t then return false, sfmt("%s: '%s' is not an event", step.where, tostring(it.__item)) end
          n = n + 1
          local fields = {}
          for k, v in pairs(it.fields) do fields[k] = v end
          local id = fields.event_id or sfmt("%s#%d", s.name, n)
          fields.event_id = nil
          if fields.amount then fields.amount_fen = host.money(fields.amount); fields.amount = nil end
          last[#last + 1] = host.submit { id = id, pack = host.pack_name, type = t, at = step.when, data = fields }
        end
      end
    else
      for k, v in pairs(step.items) do
        local ok, why = true, nil
        if k == "class" then
          for cid, cls in pairs(v) do
            local c = host.select("customers", { id = cid })[1]
            if not c or c.class ~= cls then
              ok, why = false, sfmt("customer %s: class %s, expected %s", cid, tostring(c and c.class), cls)
              break
            end
          end
        elseif type(k) == "number" then
          ok, why = check(v, last)
        else
          ok, why = false, "unknown expectation '" .. tostring(k) .. "'"
        end
        if not ok then return false, sfmt("%s: %s", step.where, why) end
      end
    end
  end
  local bad = check_unexpected_rejections(last)
  if bad then return false, bad end
  return true
end

local api = { env = env }
function api.run()
  for _, s in ipairs(specs) do
    local ok, passed, why = pcall(run_spec, s)
    if not ok then passed, why = false, passed end
    host.report(s.name, passed, why and (s.where .. ": " .. tostring(why)) or nil)
  end
  return #specs
end
return api
