-- prelude.lua - the rule vocabulary analysts write packs in.
--
-- Runs once per pack state, before the pack's files, with the host table
-- (C functions from lua_host.c) as its argument.  It builds the pack's rule
-- environment (the only globals rule files see) and returns the api table
-- the engine calls: dispatch(event), next_due(since), finish(), current().
--
-- Families (each a word that takes an id, then a table):
--   classify  - which class a customer is in, first matching row wins
--   cadence   - follow-up every N per class, owner, overdue escalation
--   deadline  - a task due N after an event, done by another event
--   calendar  - tasks (or a function) on fixed dates: monthly, yearly...
--   approval  - who must sign which requests, by kind and amount tier
--   route     - where a complaint goes, first matching row wins
--   ladder    - fines and sanctions that grow with repeats in a window
--   rule      - anything else: a `when` and a `run` function
-- Rules run in the order they are defined; the actions of one rule are
-- applied before the next rule runs, so a cadence defined after a classify
-- sees the new class.

local host = ...

local type, pairs, ipairs, error, tostring, tonumber, select, next =
  type, pairs, ipairs, error, tostring, tonumber, select, next
local setmetatable, getmetatable, pcall, rawget, rawset = setmetatable, getmetatable, pcall, rawget, rawset
local sfmt, sfind, smatch, ssub, sgsub, slower =
  string.format, string.find, string.match, string.sub, string.gsub, string.lower
local concat, sort = table.concat, table.sort
local mfloor = math.floor

local rules = {}        -- in definition order
local rule_ids = {}     -- id -> rule
local params = {}       -- declared parameters
local used_params = {}  -- names read by rules, for lint
local manifest          -- what pack { ... } said
local current           -- the rule being evaluated
local event_types = host.event_types

----------------------------------------------------------------------------
-- Helpers

local function where(level)
  return host.where(level + 1)
end

local function fail(msg, level)
  error(msg, (level or 1) + 1)
end

local function set_of(v)
  local s = {}
  if type(v) == "table" then
    for _, x in ipairs(v) do s[x] = true end
  elseif v ~= nil then
    s[v] = true
  end
  return s
end

local function list_of(v)
  if type(v) == "table" then return v end
  if v == nil then return {} end
  return { v }
end

local function keys_of(t)
  local out = {}
  for k in pairs(t) do out[#out + 1] = tostring(k) end
  sort(out)
  return out
end

-- Rejects keys of t that are not in allowed (a set); `rows` allows the
-- list part too.  Errors point at the rule's line.
local function check_keys(t, allowed, what, level, rows)
  for k in pairs(t) do
    local ok = (allowed[k] and not smatch(tostring(k), "^__")) or (rows and type(k) == "number")
    if not ok then
      local names = {}
      for _, n in ipairs(keys_of(allowed)) do
        if not smatch(n, "^__") then names[#names + 1] = n end
      end
      fail(sfmt("%s: unknown field '%s' (expected one of: %s)", what, tostring(k),
        concat(names, ", ")), level + 1)
    end
  end
end

local function describe(v)
  if type(v) == "string" then return sfmt("%q", v) end
  if type(v) == "table" then
    if v.describe then return v.describe end
    local parts = {}
    for i, x in ipairs(v) do parts[i] = describe(x) end
    return "{" .. concat(parts, ", ") .. "}"
  end
  return tostring(v)
end

----------------------------------------------------------------------------
-- Money, time, durations

local function money(v, what)
  if type(v) == "number" and mfloor(v) == v then return v end   -- fen
  if type(v) ~= "string" then
    fail(sfmt("%s: expected an amount such as \"20 yuan\", got %s", what or "amount", describe(v)), 3)
  end
  local fen, why = host.money(v)
  if not fen then fail(sfmt("%s: %s", what or "amount", why), 3) end
  return fen
end

local function yuan(n)
  return money(tostring(n) .. " yuan")
end

local time = {}
function time.parse(s) local t, why = host.parse_time(s); if not t then fail(why, 2) end; return t end
function time.format(t) return host.format_time(t) end
function time.date(t) return host.civil(t) end
function time.make(c) return host.from_civil(c.year, c.month or 1, c.day or 1, c.hour or 0, c.min or 0, c.sec or 0) end
-- time.add(t, "1 month") or time.add(t, "1 month", -2)
function time.add(t, duration, times)
  local t2, why = host.add(t, duration, times or 1)
  if not t2 then fail(why, 2) end
  return t2
end
-- Start of the calendar unit (day, week, month, quarter, year) holding t.
function time.start_of(t, unit)
  local c = host.civil(t)
  if unit == "day" then return time.make { year = c.year, month = c.month, day = c.day } end
  if unit == "week" then
    return time.make { year = c.year, month = c.month, day = c.day } - (c.wday - 1) * 86400
  end
  if unit == "month" then return time.make { year = c.year, month = c.month } end
  if unit == "quarter" then return time.make { year = c.year, month = c.month - (c.month - 1) % 3 } end
  if unit == "year" then return time.make { year = c.year } end
  fail("unknown calendar unit '" .. tostring(unit) .. "'", 2)
end
-- The first moment at or after t that is one of the clock times of day
-- listed, e.g. time.next_at(t, { "09:00", "13:30" }) for twice-daily
-- cut-offs: 10:00 gives 13:30 the same day, 14:00 gives 09:00 the next.
function time.next_at(t, clocks)
  local day = time.start_of(t, "day")
  local best
  for _, clock in ipairs(list_of(clocks)) do
    local h, m = smatch(tostring(clock), "^(%d%d?):(%d%d)$")
    if h == nil or tonumber(h) > 23 or tonumber(m) > 59 then
      fail("time.next_at: '" .. tostring(clock) .. "' is not a time of day like \"09:00\"", 2)
    end
    local at = day + tonumber(h) * 3600 + tonumber(m) * 60
    if at < t then at = time.add(at, "1 day") end
    if best == nil or at < best then best = at end
  end
  return best
end
local unit_step = { day = "1 day", week = "1 week", month = "1 month", quarter = "3 months", year = "1 year" }
-- The window holding t: "calendar month" (also week, quarter, year, day)
-- gives [start, next start); "30 days" gives the rolling (t - 30 days, t].
-- Returns from (inclusive) and to (inclusive).
function time.window(t, spec)
  local unit = smatch(spec, "^calendar (%a+)$")
  if unit then
    local from = time.start_of(t, unit)
    return from, time.add(from, unit_step[unit]) - 1
  end
  return time.add(t, spec, -1) + 1, t
end

local function check_duration(d, what, level)
  if type(d) ~= "string" or not host.add(0, d, 1) then
    fail(sfmt("%s: '%s' is not a duration like \"1 month\" or \"24 hours\"", what, tostring(d)), level + 1)
  end
  return d
end

----------------------------------------------------------------------------
-- Facts: read-only queries, always about this pack

local facts = {}
function facts.customer(id) return host.select("customers", { id = id })[1] end
function facts.staff(id) return host.select("staff", { id = id })[1] end
function facts.approval(id) return host.select("approvals", { id = id })[1] end
function facts.complaint(id) return host.select("complaints", { id = id })[1] end
function facts.rows(tbl, filters, opts) return host.select(tbl, filters or {}, opts) end
function facts.count(tbl, filters) return host.count(tbl, filters or {}) end
function facts.sum(tbl, column, filters) return host.sum(tbl, column, filters or {}) end
-- The first active staff member with a role, in a region when given (and
-- found there), else anywhere.
function facts.staff_with_role(role, region)
  if region then
    local s = host.select("staff", { role = role, region = region, status = "active" }, { limit = 1 })[1]
    if s then return s end
  end
  return host.select("staff", { role = role, status = "active" }, { limit = 1 })[1]
end
-- Open (or overdue, not yet done) tasks of a kind for a customer.
function facts.open_tasks(customer, kind)
  return host.select("tasks", { customer = customer, kind = kind,
    status = { "open", "overdue", "escalated" } })
end
-- A returned survey (an event's data, or a row of surveys) as a follow-up
-- of kind "survey" whose fields are its answers.
local function survey_followup(s)
  local satisfied = s.satisfied
  if type(satisfied) == "number" then satisfied = satisfied ~= 0 end -- stored as 1 or 0
  return { customer = s.customer, kind = "survey", at = s.at, fields = { satisfied = satisfied, score = s.score } }
end
-- The latest logged follow-up of a customer (of a kind, or one of a list
-- of kinds, when given); the latest returned survey counts as one.
function facts.last_followup(customer, kind)
  local last = host.select("followups", { customer = customer, kind = kind }, { order = "at", desc = true, limit = 1 })[1]
  if kind == nil or set_of(kind).survey then
    local s = host.select("surveys", { customer = customer }, { order = "at", desc = true, limit = 1 })[1]
    if s and (last == nil or s.at > last.at) then last = survey_followup(s) end
  end
  return last
end
-- Sum of order amounts (fen) of a customer with from <= at < to.
function facts.revenue(customer, from, to)
  return host.sum("orders", "amount_fen", { customer = customer, at = { from = from, before = to } })
end
-- Sum of payments collected (fen), by staff or customer, from <= at < to.
function facts.collected(filters, from, to)
  local f = {}
  for k, v in pairs(filters) do f[k] = v end
  f.at = { from = from, before = to }
  return host.sum("payments", "amount_fen", f)
end

----------------------------------------------------------------------------
-- Conditions: a `when` table maps fields to expected values; each test is
-- a plain value (equal), a list (any of), a predicate such as at_least(n),
-- or a function.  Fields are looked up on the record, then in its attrs.

local predicate_mt = {}
-- lo and hi (inclusive, integers) describe the numbers a predicate accepts,
-- so lint can find gaps and overlaps between rows.
local function predicate(describe_text, test, lo, hi)
  return setmetatable({ describe = describe_text, test = test, lo = lo, hi = hi }, predicate_mt)
end
local MIN_INT, MAX_INT = math.mininteger, math.maxinteger
local function as_number(v, what)
  if type(v) == "string" then return money(v, what) end
  return v
end
local function at_least(n) n = as_number(n, "at_least"); return predicate(">= " .. describe(n), function(v) return type(v) == "number" and v >= n end, math.ceil(n), MAX_INT) end
local function at_most(n) n = as_number(n, "at_most"); return predicate("<= " .. describe(n), function(v) return type(v) == "number" and v <= n end, MIN_INT, mfloor(n)) end
local function more_than(n) n = as_number(n, "more_than"); return predicate("> " .. describe(n), function(v) return type(v) == "number" and v > n end, mfloor(n) + 1, MAX_INT) end
local function less_than(n) n = as_number(n, "less_than"); return predicate("< " .. describe(n), function(v) return type(v) == "number" and v < n end, MIN_INT, math.ceil(n) - 1) end
local function between(a, b)
  a, b = as_number(a, "between"), as_number(b, "between")
  return predicate(sfmt("between %s and %s", describe(a), describe(b)),
    function(v) return type(v) == "number" and v >= a and v <= b end, math.ceil(a), mfloor(b))
end
local function is_set() return predicate("is set", function(v) return v ~= nil end) end
local function is_not(x) return predicate("~= " .. describe(x), function(v) return v ~= x end) end

-- Clock times: "08:30", "08:30:15", or the time part of "2026-03-02 08:31".
-- Returns seconds since midnight, or nil when v holds no clock time.
local function clock_seconds(v)
  if type(v) ~= "string" then return nil end
  local h, m, s = smatch(v, "(%d%d?):(%d%d):?(%d*)%s*[%+%-Z%d:]*$")
  if h == nil then return nil end
  return tonumber(h) * 3600 + tonumber(m) * 60 + (tonumber(s) or 0)
end
-- after "08:30": a clock time strictly later than 08:30 (8:30未到者即为迟到:
-- arriving at 08:30:00 is on time, 08:30:01 is late).  by "09:00" is the
-- inclusive counterpart (「9:00时前」 read as "by, inclusive").
local function clock_predicate(word, limit, test)
  local lim = clock_seconds(limit)
  if lim == nil then fail(sfmt("%s: expected a clock time such as \"08:30\", got %s", word, describe(limit)), 3) end
  return predicate(word .. " " .. limit, function(v)
    local t = clock_seconds(v)
    return t ~= nil and test(t, lim)
  end)
end
local function after(limit) return clock_predicate("after", limit, function(t, l) return t > l end) end
local function by_clock(limit) return clock_predicate("by", limit, function(t, l) return t <= l end) end

local function field_of(rec, k)
  local v = rec[k]
  if v == nil and type(rec.attrs) == "table" then v = rec.attrs[k] end
  return v
end

-- Returns true when rec satisfies cond, else false and the failing part.
local function matches(cond, rec, ctx)
  if cond == nil then return true end
  if type(cond) == "function" then
    if cond(rec, ctx) then return true end
    return false, "condition function returned false"
  end
  for k, want in pairs(cond) do
    local v = field_of(rec, k)
    local ok
    if getmetatable(want) == predicate_mt then ok = want.test(v)
    elseif type(want) == "function" then ok = want(v, rec, ctx)
    elseif type(want) == "table" then
      ok = false
      for _, x in ipairs(want) do if x == v then ok = true break end end
    else ok = (v == want) end
    if not ok then return false, sfmt("%s = %s, wanted %s", k, describe(v), describe(want)) end
  end
  return true
end

local function describe_cond(cond)
  if cond == nil then return "always" end
  if type(cond) == "function" then return "condition function" end
  local parts = {}
  for _, k in ipairs(keys_of(cond)) do
    local want = cond[k]
    if getmetatable(want) == predicate_mt then parts[#parts + 1] = k .. " " .. want.describe
    else parts[#parts + 1] = k .. " = " .. describe(want) end
  end
  return concat(parts, ", ")
end

----------------------------------------------------------------------------
-- Actions.  A builder returns a table with `type`; the engine validates,
-- applies and logs it.  Amounts may be given as text ("20 yuan") in
-- `amount`, or as integer fen in `amount_fen`.

local function builder(type_name)
  return function(fields)
    if type(fields) ~= "table" then
      fail(sfmt("%s { ... } expects a table of fields", type_name), 2)
    end
    -- A copy, so a rule may reuse its table.  The nil fields only size it:
    -- a constructor keeps a slot for every field it names, so copying up to
    -- seven fields needs no rehash (each would allocate and reinsert).
    local a = { type = type_name, _1 = nil, _2 = nil, _3 = nil, _4 = nil, _5 = nil, _6 = nil, _7 = nil }
    for k, v in pairs(fields) do a[k] = v end
    if a.amount ~= nil then
      a.amount_fen = money(a.amount, type_name .. ".amount")
      a.amount = nil
    end
    return a
  end
end
local action = {}
for _, name in ipairs { "set_attr", "schedule_followup", "complete_followup", "mark_overdue",
  "require_approval", "approve", "reject", "route", "reward", "notify" } do
  action[name] = builder(name)
end

-- Words that build a rule step from text and an action from a table.
local function step_or_action(type_name, make_step)
  local build = builder(type_name)
  return function(v)
    if type(v) == "table" then return build(v) end
    return make_step(v)
  end
end
local fine = step_or_action("fine", function(amount)
  return { step = "fine", amount_fen = money(amount, "fine"), describe = "fine " .. amount }
end)
local sanction = step_or_action("sanction", function(name)
  return { step = "sanction", sanction = name, describe = name }
end)
local function dismiss(note)
  return { step = "sanction", sanction = "dismiss", reason = note, describe = "dismiss (" .. tostring(note) .. ")" }
end
local function warn(note)
  return { step = "sanction", sanction = "warning", reason = note, describe = "warning (" .. tostring(note) .. ")" }
end
local escalate = step_or_action("escalate", function(role)
  return { step = "escalate", to = role }
end)

----------------------------------------------------------------------------
-- Decision tables from spreadsheets.  csv "file.csv" reads a table kept in
-- the pack folder (first row: column names); a family given
-- rows = csv "..." (steps = csv "..." for a ladder) takes its rows from it.
-- Cells are written the way one would in Excel:
--   highway               the value itself
--   road|industrial       any of these (| or 、 between them)
--   >= 500万元  > 30000 yuan  <= 10  < 5     compared (≥ ≤ work too)
--   100万元..600万元      between, both ends included
--   yes / no              true / false
--   (empty)               no condition
-- Errors name the file, its line and the column.

local sheet_mt = {}

local function trim(x) return (sgsub(x, "^%s*(.-)%s*$", "%1")) end

local function csv_word(name)
  local t = host.read_csv(name)
  local header = t.rows[1]
  if header == nil then fail(name .. " is empty: its first row names the columns", 2) end
  local seen = {}
  for c, col in ipairs(header) do
    col = trim(col)
    if col == "" then fail(sfmt("%s line %d: column %d has no name", name, t.lines[1], c), 2) end
    if seen[col] then fail(sfmt("%s line %d: column '%s' appears twice", name, t.lines[1], col), 2) end
    seen[col], header[c] = true, col
  end
  local rows = {}
  for i = 2, #t.rows do
    local cells = t.rows[i]
    if #cells ~= #header then
      fail(sfmt("%s line %d: %d cells, but the header has %d columns", name, t.lines[i], #cells, #header), 2)
    end
    local row = {}
    for c, col in ipairs(header) do row[col] = trim(cells[c]) end
    rows[#rows + 1] = { cells = row, line = t.lines[i] }
  end
  return setmetatable({ file = name, header = header, rows = rows }, sheet_mt)
end

local function cell_fail(sheet, row, col, msg)
  error(sfmt("%s line %d, column %s: %s", sheet.file, row.line, col, msg), 0)
end

local compare_words = { [">="] = at_least, [">"] = more_than, ["<="] = at_most, ["<"] = less_than }

-- A cell as a condition value (nil when empty).
local function cell_value(sheet, row, col)
  local s = row.cells[col]
  if s == nil or s == "" then return nil end
  s = sgsub(sgsub(s, "≥", ">="), "≤", "<=")
  local function number(x)
    return math.tointeger(tonumber(x)) or tonumber(x) or x -- text goes to money()
  end
  local function build(f, ...)
    local ok, v = pcall(f, ...)
    if not ok then cell_fail(sheet, row, col, sgsub(tostring(v), "^[^:]*:%d+: ", "")) end
    return v
  end
  local op, rest = smatch(s, "^([<>]=?)%s*(.+)$")
  if op then return build(compare_words[op], number(rest)) end
  local a, b = smatch(s, "^(.-)%s*%.%.%s*(.+)$")
  if a and a ~= "" then return build(between, number(a), number(b)) end
  if sfind(s, "|", 1, true) or sfind(s, "、", 1, true) then
    local list = {}
    for part in string.gmatch(sgsub(s, "、", "|"), "[^|]+") do list[#list + 1] = trim(part) end
    return list
  end
  local lower = slower(s)
  if lower == "yes" or lower == "true" then return true end
  if lower == "no" or lower == "false" then return false end
  return math.tointeger(tonumber(s)) or s
end

-- The columns a family reads itself; every other column is a condition.
local function conditions(sheet, row, own)
  local when = {}
  for _, col in ipairs(sheet.header) do
    if not own[col] then when[col] = cell_value(sheet, row, col) end
  end
  return next(when) and when or nil
end

local function required(sheet, row, col)
  local v = row.cells[col]
  if v == nil then cell_fail(sheet, row, col, "the table needs a column '" .. col .. "'") end
  if v == "" then cell_fail(sheet, row, col, "empty, but every row needs a value") end
  return v
end

local function optional(row, col)
  local v = row.cells[col]
  if v == nil or v == "" then return nil end
  return v
end

local sheet_converters = {}

function sheet_converters.classify(spec, sheet)
  local own = set_of { "class", "reason" }
  for i, row in ipairs(sheet.rows) do
    spec[i] = { class = required(sheet, row, "class"), reason = optional(row, "reason"),
                when = conditions(sheet, row, own) }
  end
end

function sheet_converters.route(spec, sheet)
  local own = set_of { "to", "form", "major", "respond_within" }
  for i, row in ipairs(sheet.rows) do
    spec[i] = { to = required(sheet, row, "to"), form = optional(row, "form"),
                major = cell_value(sheet, row, "major"), respond_within = optional(row, "respond_within"),
                when = conditions(sheet, row, own) }
  end
end

-- chain cells list signers: "board+gm" (or , 、 | between them).
function sheet_converters.approval(spec, sheet)
  local own = set_of { "amount", "chain", "mode", "auto", "before" }
  for i, row in ipairs(sheet.rows) do
    local chain
    if optional(row, "chain") then
      chain = {}
      for part in string.gmatch(sgsub(row.cells.chain, "、", "+"), "[^+,|]+") do chain[#chain + 1] = trim(part) end
    end
    spec[i] = { amount = cell_value(sheet, row, "amount"), chain = chain, mode = optional(row, "mode"),
                auto = cell_value(sheet, row, "auto") or nil, before = cell_value(sheet, row, "before"),
                when = conditions(sheet, row, own) }
  end
end

-- One row per class (the column named like `by`, "class" by default).
function sheet_converters.cadence(spec, sheet)
  local key = spec.by or "class"
  for _, row in ipairs(sheet.rows) do
    local escalate_to = optional(row, "escalate")
    spec[required(sheet, row, key)] = {
      every = required(sheet, row, "every"), owner = optional(row, "owner"), form = optional(row, "form"),
      overdue = escalate_to and escalate(escalate_to) or nil }
  end
end

-- One row per occurrence, in order: action is fine, dismiss, warn or
-- sanction; amount for a fine; note for the others.
function sheet_converters.ladder(spec, sheet)
  local steps = {}
  for i, row in ipairs(sheet.rows) do
    local action, note = slower(required(sheet, row, "action")), optional(row, "note")
    if action == "fine" then
      local ok, step = pcall(fine, required(sheet, row, "amount"))
      if not ok then cell_fail(sheet, row, "amount", sgsub(tostring(step), "^[^:]*:%d+: ", "")) end
      steps[i] = step
    elseif action == "dismiss" then steps[i] = dismiss(note)
    elseif action == "warn" then steps[i] = warn(note)
    elseif action == "sanction" then steps[i] = sanction(note or "sanction")
    else cell_fail(sheet, row, "action", "'" .. action .. "' is not fine, dismiss, warn or sanction") end
  end
  spec.steps = steps
end

-- Replaces rows = csv "..." (steps = for a ladder) by the rows it holds.
local function expand_sheet(family, spec, level)
  if type(spec) ~= "table" then return end
  local field = family == "ladder" and "steps" or "rows"
  local sheet = spec[field]
  if getmetatable(sheet) ~= sheet_mt then
    if sheet ~= nil and field == "rows" then
      fail(sfmt("%s: rows = must be csv \"file.csv\"", family), level + 1)
    end
    return
  end
  if sheet_converters[family] == nil then
    fail(sfmt("%s rules cannot take rows from a csv table", family), level + 1)
  end
  if #spec > 0 then fail(sfmt("%s: give rows either in the table or as rows = csv, not both", family), level + 1) end
  spec[field] = nil
  sheet_converters[family](spec, sheet)
end

----------------------------------------------------------------------------
-- Rule registration

local family_keys = {}   -- family -> set of allowed keys

local function register(family, id, spec, level)
  if type(id) ~= "string" or id == "" then
    fail(family .. " needs a name: " .. family .. " \"name\" { ... }", level + 1)
  end
  if rule_ids[id] then
    fail(sfmt("rule \"%s\" is defined twice (first at %s)", id, rule_ids[id].where), level + 1)
  end
  if type(spec) ~= "table" then
    fail(sfmt("%s \"%s\" needs a table: %s \"%s\" { ... }", family, id, family, id), level + 1)
  end
  if type(spec.clause) ~= "string" or spec.clause == "" then
    fail(sfmt("rule \"%s\" cites no clause: add clause = \"第五条\" (the article it implements)", id), level + 1)
  end
  local keys = family_keys[family]
  if not keys.__any then
    check_keys(spec, keys, sfmt("%s \"%s\"", family, id), level + 1, keys.__rows)
  end
  local r = { family = family, id = id, clause = spec.clause, spec = spec, where = where(level + 1), on = {} }
  rules[#rules + 1] = r
  rule_ids[id] = r
  return r
end

local function listen(r, types, level)
  for _, t in ipairs(list_of(types)) do
    if not event_types[t] then
      fail(sfmt("rule \"%s\": unknown event type '%s'", r.id, tostring(t)), level + 1)
    end
    r.on[t] = true
  end
end

-- Declares a family word: `word "id" { ... }` calls setup(rule, spec,
-- level) at definition time; setup sets rule.run(ev, st).
local function family(name, keys, setup)
  family_keys[name] = set_of(keys)
  family_keys[name].clause = true
  return function(id)
    local loc_level = 2
    return function(spec)
      expand_sheet(name, spec, loc_level)
      local r = register(name, id, spec, loc_level)
      setup(r, spec, loc_level)
      return r
    end
  end
end

-- The state of one dispatch (api.dispatch) is `st`: `fired` counts the
-- actions emitted, `explain` (false unless asked for) lists the notes, and
-- sets a rule's actions fill in -- `changed` (customers classified) and
-- `handled` (approvals) -- exist only once something is in them.
local function mark(st, set, key)
  local s = st[set]
  if s == nil then s = {}; st[set] = s end
  s[key] = true
end

-- Emits one action or a list of them for rule r; returns the new task id
-- for schedule_followup.
local function emit(r, st, a)
  if type(a) ~= "table" then
    fail(sfmt("rule \"%s\" returned %s where an action was expected", r.id, describe(a)), 2)
  end
  if a.type == nil then
    for _, x in ipairs(a) do emit(r, st, x) end
    return
  end
  local id = host.emit(r.id, r.clause, a)
  local t = a.type
  if t == "classify" then mark(st, "changed", a.customer)
  -- A request a rule asked someone to sign, or approved or refused itself
  -- (a leave request filed too late, a cheque from the wrong customer), is
  -- handled: the automatic approval must not approve it.
  elseif t == "require_approval" or t == "approve" or t == "reject" then mark(st, "handled", a.approval) end
  st.fired = st.fired + 1
  return id
end

local function note(st, r, text)
  local explain = st.explain
  if explain then explain[#explain + 1] = { rule = r.id, clause = r.clause, note = text } end
end

-- Resolves who owns a task: "account_owner" is the customer's owner; a role
-- is the staff member with that role in the customer's region (or
-- anywhere); anything else is taken as a staff id.
local function owner_of(who, c)
  if who == nil then return c and c.owner end
  if who == "account_owner" then return c and c.owner end
  local s = facts.staff_with_role(who, c and c.region)
  if s then return s.id end
  return who
end

----------------------------------------------------------------------------
-- classify

-- measure = { name = function(customer, at) ... end } computes facts the
-- rows test by name, as if they were fields of the customer: e.g.
-- last_year_revenue = at_least "500万元" (aftersales 五.1.1).  `at` is the
-- moment of decision (the start of the year for a yearly recompute).
local classify_word = family("classify", { "on", "recompute", "measure", "__rows" }, function(r, spec, level)
  if #spec == 0 then fail(sfmt("classify \"%s\" has no rows", r.id), level + 1) end
  if spec.measure ~= nil then
    if type(spec.measure) ~= "table" then
      fail(sfmt("classify \"%s\": measure must be a table of name = function(customer, at)", r.id), level + 1)
    end
    for k, f in pairs(spec.measure) do
      if type(k) ~= "string" or type(f) ~= "function" then
        fail(sfmt("classify \"%s\": measure %s must be a function(customer, at)", r.id, tostring(k)), level + 1)
      end
    end
  end
  for i, row in ipairs(spec) do
    check_keys(row, set_of { "class", "when", "reason" }, sfmt("classify \"%s\" row %d", r.id, i), level + 1)
    if type(row.class) ~= "string" then fail(sfmt("classify \"%s\" row %d has no class", r.id, i), level + 1) end
  end
  local yearly = spec.recompute == "yearly"
  if spec.recompute ~= nil and not yearly then
    fail(sfmt("classify \"%s\": recompute must be \"yearly\" (or left out)", r.id), level + 1)
  end
  listen(r, spec.on or "customer.upsert", level + 1)
  if yearly then r.on.tick = true end
  r.yearly = yearly

  local function decide(c, at, st)
    if spec.measure then
      local view = {}
      for k, f in pairs(spec.measure) do view[k] = f(c, at) end
      c = setmetatable(view, { __index = c })
    end
    for i, row in ipairs(spec) do
      local ok, why = matches(row.when, c, { at = at })
      if ok then
        note(st, r, sfmt("customer %s: row %d matched (%s) -> class %s", c.id, i, describe_cond(row.when), row.class))
        if c.class ~= row.class then
          emit(r, st, { type = "classify", customer = c.id, class = row.class,
            reason = row.reason or (row.when and describe_cond(row.when)) or "no other row matched" })
        end
        return
      end
      note(st, r, sfmt("customer %s: row %d (class %s) did not match: %s", c.id, i, row.class, why))
    end
  end

  r.run = function(ev, st)
    if ev.type == "tick" then
      -- Decided at the start of each year: every customer, at that moment.
      local since = ev.data.since
      if since == nil then return end
      local y0 = time.start_of(ev.at, "year")
      if y0 <= since or y0 > ev.at then return end
      for _, c in ipairs(facts.rows("customers", {})) do decide(c, y0, st) end
      return
    end
    local c = facts.customer(ev.data.customer or ev.data.id)
    if c == nil then return end
    if yearly and c.class ~= nil then
      note(st, r, "class is decided once a year; kept " .. c.class)
      return
    end
    decide(c, ev.at, st)
  end
end)

----------------------------------------------------------------------------
-- cadence

-- A row's `kind` says which logged follow-ups count for it (a phone call
-- does not stand in for a visit); without it every follow-up counts.
local cadence_row_keys = set_of { "every", "owner", "form", "overdue", "requires", "kind" }

-- The follow-up an event records, or nil: a followup.logged's data, or a
-- returned survey's, so that a cadence of surveys counts either.
local function followup_of(ev)
  if ev.type == "followup.logged" then return ev.data end
  if ev.type == "survey.returned" then return survey_followup(ev.data) end
end
local cadence_word = family("cadence", { "by", "__any" }, function(r, spec, level)
  local by = spec.by or "class"
  local table_ = {}
  for k, row in pairs(spec) do
    if k ~= "clause" and k ~= "by" then
      if type(row) ~= "table" then fail(sfmt("cadence \"%s\": %s must be a table", r.id, tostring(k)), level + 1) end
      check_keys(row, cadence_row_keys, sfmt("cadence \"%s\" %s", r.id, tostring(k)), level + 1)
      check_duration(row.every, sfmt("cadence \"%s\" %s.every", r.id, tostring(k)), level + 1)
      if row.overdue ~= nil and (type(row.overdue) ~= "table" or row.overdue.step ~= "escalate") then
        fail(sfmt("cadence \"%s\" %s.overdue must be escalate \"role\"", r.id, tostring(k)), level + 1)
      end
      table_[k] = row
    end
  end
  r.rows = table_

  local function schedule(c, row, base, st)
    return emit(r, st, { type = "schedule_followup", customer = c.id, kind = r.id, tag = tostring(field_of(c, by)),
      due = time.add(base, row.every), owner = owner_of(row.owner, c), form = row.form,
      escalate_to = row.overdue and row.overdue.to,
      subject = sfmt("%s (%s %s, every %s)", r.id, by, tostring(field_of(c, by)), row.every) })
  end

  -- Brings a customer's open task in line with its current class.
  local function sync(c, at, st)
    local row = table_[field_of(c, by)]
    local open = facts.open_tasks(c.id, r.id)[1]
    if open and row and open.tag == tostring(field_of(c, by)) then return end
    if open then
      emit(r, st, { type = "complete_followup", task = open.id, status = "cancelled" })
    end
    if row then
      local last = facts.last_followup(c.id, row.kind)
      schedule(c, row, last and last.at or at, st)
    end
  end

  -- Any event may have changed a class (a classify on orders, the yearly
  -- tick): those customers' tasks follow their new class.
  local all_types = {}
  for t in pairs(event_types) do all_types[#all_types + 1] = t end
  listen(r, all_types, level + 1)
  local function sync_changed(ev, st)
    local changed = st.changed
    if changed == nil then return end
    for id in pairs(changed) do
      local c = facts.customer(id)
      if c then sync(c, ev.at, st) end
    end
  end

  r.run = function(ev, st)
    local f = followup_of(ev)
    if ev.type ~= "customer.upsert" and f == nil then
      return sync_changed(ev, st)
    end
    local c = facts.customer(ev.data.customer or ev.data.id)
    if c == nil then
      if f then fail("follow-up for unknown customer '" .. tostring(ev.data.customer) .. "'") end
      return
    end
    if ev.type == "customer.upsert" then return sync(c, ev.at, st) end
    -- A complete follow-up closes the open task and starts the next
    -- interval from today.
    local row = table_[field_of(c, by)]
    if row == nil then return sync_changed(ev, st) end
    if row.kind and not set_of(row.kind)[f.kind] then
      note(st, r, sfmt("a %s follow-up does not count here (wants %s)", tostring(f.kind), describe(row.kind)))
      return sync_changed(ev, st)
    end
    if row.requires then
      local missing = {}
      local fields = f.fields or {}
      for _, f in ipairs(row.requires) do
        if fields[f] == nil or fields[f] == "" then missing[#missing + 1] = f end
      end
      if #missing > 0 then
        note(st, r, "follow-up incomplete, missing " .. concat(missing, ", "))
        emit(r, st, { type = "notify", to = owner_of(row.owner, c), customer = c.id, form = row.form,
          message = "follow-up is incomplete, missing: " .. concat(missing, ", ") })
        return
      end
    end
    for _, t in ipairs(facts.open_tasks(c.id, r.id)) do
      emit(r, st, { type = "complete_followup", task = t.id })
    end
    schedule(c, row, ev.at, st)
    sync_changed(ev, st)
  end
end)

----------------------------------------------------------------------------
-- deadline

-- The customer an event is about: data.customer, or the id of an upsert.
local function customer_of(ev)
  if ev.type == "customer.upsert" then return ev.data.id end
  return ev.data.customer
end

-- within = "24 hours" counts from the event; within = "same day" means by
-- the end of the event's calendar day (当日).  match = "customer" ends the
-- tasks of the finishing event's customer (a follow-up has no ref);
-- otherwise the finishing event names the task by complaint, ref or id.
-- done_when filters finishing events, e.g. done_when = { kind = "email_reply" }
-- when the starting and finishing events are of the same type.
local deadline_word = family("deadline",
  { "on", "within", "done_on", "done_when", "match", "when", "owner", "overdue", "form", "customer" },
  function(r, spec, level)
    if spec.within ~= "same day" then
      check_duration(spec.within, sfmt("deadline \"%s\" within", r.id), level + 1)
    end
    if spec.on == nil or spec.done_on == nil then
      fail(sfmt("deadline \"%s\" needs on = \"event\" and done_on = \"event\"", r.id), level + 1)
    end
    if spec.match ~= nil and spec.match ~= "customer" and spec.match ~= "ref" then
      fail(sfmt("deadline \"%s\": match must be \"customer\" or \"ref\"", r.id), level + 1)
    end
    listen(r, spec.on, level + 1)
    listen(r, spec.done_on, level + 1)
    local starts, ends = set_of(spec.on), set_of(spec.done_on)
    local function due_of(at)
      if spec.within == "same day" then return time.add(time.start_of(at, "day"), "1 day") - 1 end
      return time.add(at, spec.within)
    end
    r.run = function(ev, st)
      if ends[ev.type] then
        local ok, why = matches(spec.done_when, ev.data, ev)
        if not ok then
          note(st, r, "does not finish: " .. why)
        else
          local filter = { kind = r.id, status = { "open", "overdue", "escalated" } }
          if spec.match == "customer" then filter.customer = customer_of(ev)
          else filter.ref = ev.data.complaint or ev.data.ref or ev.data.id end
          if filter.customer ~= nil or filter.ref ~= nil then
            for _, t in ipairs(host.select("tasks", filter)) do
              emit(r, st, { type = "complete_followup", task = t.id })
            end
          end
        end
      end
      if starts[ev.type] then
        local ok, why = matches(spec.when, ev.data, ev)
        if not ok then note(st, r, "not started: " .. why) return end
        local cid = customer_of(ev)
        local c = cid and facts.customer(cid)
        emit(r, st, { type = "schedule_followup", customer = cid, kind = r.id, ref = ev.data.id or ev.id,
          due = due_of(ev.at), owner = owner_of(spec.owner, c), form = spec.form,
          escalate_to = spec.overdue and spec.overdue.to,
          subject = sfmt("%s (within %s)", r.id, spec.within) })
      end
    end
  end)

----------------------------------------------------------------------------
-- calendar: dates on which a task falls due (or a function runs).
--   every = "month", day = 25            -- the 25th of every month
--   every = "month", days = { 9, 19, 29 } -- ten-day plans
--   every = "year", month = 10, day = 31  -- yearly
--   every = "year", months = { 6, 12 }, day = 31 -- half-yearly (Jun 30, Dec 31)
--   every = "week", weekday = 1           -- Mondays (1 = Monday)
-- A task is opened `notice` before it is due (default: at the previous
-- due date, so there is always one open) and due by the end of the day.
-- A day the month lacks (the 29th-31st) falls on the month's last day.
-- done_on = "approval.requested", done_when = { kind = "rolling_plan" }
-- closes the earliest open task of the calendar when such an event comes
-- (a plan handed in, a report filed).

local calendar_word = family("calendar",
  { "every", "day", "days", "month", "months", "weekday", "hour", "notice", "task", "run",
    "done_on", "done_when" },
  function(r, spec, level)
    local every = spec.every
    if every ~= "month" and every ~= "year" and every ~= "week" and every ~= "quarter" then
      fail(sfmt("calendar \"%s\": every must be \"week\", \"month\", \"quarter\" or \"year\"", r.id), level + 1)
    end
    if (spec.task == nil) == (spec.run == nil) then
      fail(sfmt("calendar \"%s\" needs either task = { ... } or run = function(at) ... end", r.id), level + 1)
    end
    if spec.notice then check_duration(spec.notice, sfmt("calendar \"%s\" notice", r.id), level + 1) end
    if spec.task then
      check_keys(spec.task, set_of { "kind", "owner", "subject", "form", "overdue" },
        sfmt("calendar \"%s\" task", r.id), level + 1)
    end
    if spec.months ~= nil and (every ~= "year" or spec.month ~= nil) then
      fail(sfmt("calendar \"%s\": months = { ... } goes with every = \"year\" and no month", r.id), level + 1)
    end
    if spec.done_on ~= nil and spec.task == nil then
      fail(sfmt("calendar \"%s\": done_on closes tasks, so it needs task = { ... }", r.id), level + 1)
    end
    listen(r, "tick", level + 1)
    if spec.done_on ~= nil then listen(r, spec.done_on, level + 1) end
    local days = list_of(spec.days or spec.day or 1)
    local months = list_of(spec.months or spec.month or 1)

    -- Due moments (end of the due day, or `hour`) within the period that
    -- starts at period_start.
    local function dues_in(period_start)
      local c = host.civil(period_start)
      local out = {}
      if every == "week" then
        out[1] = period_start + ((spec.weekday or 1) - 1) * 86400
      else
        local in_period = { c.month }
        if every == "year" then in_period = months end
        if every == "quarter" then in_period = { c.month + ((spec.month or 1) - 1) } end
        for _, month in ipairs(in_period) do
          for _, d in ipairs(days) do
            out[#out + 1] = host.from_civil(c.year, month, d, 0, 0, 0, true)
          end
        end
      end
      for i, t in ipairs(out) do
        out[i] = spec.hour and (t + spec.hour * 3600) or (t + 86400 - 1)
      end
      return out
    end
    local step = unit_step[every]

    -- Calls fn(open_at, due_at) for every due date whose opening falls in
    -- (since, now]; stops early when fn returns true.
    local function each(since, now, fn)
      local p = time.start_of(since, every)
      local prev_due
      -- Walk from one period before `since` so notice periods are seen.
      p = time.add(p, step, -1)
      for _ = 1, 2000 do
        for _, due in ipairs(dues_in(p)) do
          -- A run = function calendar does its work when the date comes (the
          -- month's bonus ranking on the 1st), not a period ahead like a task.
          local open_at = spec.notice and time.add(due, spec.notice, -1)
            or (spec.run and due) or (prev_due and prev_due + 1)
          if open_at and open_at > since and open_at <= now then
            if fn(open_at, due) then return end
          end
          if open_at and open_at > now then return end
          prev_due = due
        end
        p = time.add(p, step)
      end
    end
    r.each = each

    local done_types = set_of(spec.done_on)
    r.run = function(ev, st)
      if done_types[ev.type] then
        local ok, why = matches(spec.done_when, ev.data, ev)
        if not ok then note(st, r, "does not close a task: " .. why) return end
        local open = host.select("tasks", { kind = spec.task.kind or r.id, rule = r.id,
          status = { "open", "overdue", "escalated" } }, { order = "due_at", limit = 1 })[1]
        if open == nil then note(st, r, "no open task to close") return end
        emit(r, st, { type = "complete_followup", task = open.id })
        return
      end
      local since = ev.data.since
      if since == nil then return end
      each(since, ev.at, function(open_at, due)
        if spec.run then
          emit(r, st, spec.run(due, open_at) or {})
        else
          local t = spec.task
          emit(r, st, { type = "schedule_followup", kind = t.kind or r.id, ref = time.format(due),
            owner = owner_of(t.owner, nil), subject = t.subject or r.id, form = t.form, due = due,
            escalate_to = t.overdue and t.overdue.to })
        end
      end)
    end
  end)

----------------------------------------------------------------------------
-- approval

local approval_row_keys = set_of { "amount", "when", "chain", "mode", "auto", "before" }
local approval_word = family("approval", { "on", "kind", "when", "chain", "mode", "before", "request", "__rows" },
  function(r, spec, level)
    local rows = {}
    for i, row in ipairs(spec) do
      check_keys(row, approval_row_keys, sfmt("approval \"%s\" row %d", r.id, i), level + 1)
      rows[i] = row
    end
    if spec.chain then rows[#rows + 1] = { chain = spec.chain, mode = spec.mode, before = spec.before } end
    if #rows == 0 then fail(sfmt("approval \"%s\" needs chain = { roles } or rows", r.id), level + 1) end
    for i, row in ipairs(rows) do
      if not row.auto and (type(row.chain) ~= "table" or #row.chain == 0) then
        fail(sfmt("approval \"%s\" row %d needs chain = { \"role\", ... } or auto = true", r.id, i), level + 1)
      end
      if row.mode ~= nil and row.mode ~= "all" and row.mode ~= "any" then
        fail(sfmt("approval \"%s\" row %d: mode must be \"all\" or \"any\"", r.id, i), level + 1)
      end
    end
    r.rows = rows
    local on = spec.on or "approval.requested"
    if on ~= "approval.requested" and type(spec.request) ~= "function" then
      fail(sfmt("approval \"%s\" on %s needs request = function(ev) return { approval = id, subject = ..., kind = ... } end",
        r.id, tostring(on)), level + 1)
    end
    listen(r, on, level + 1)
    local kinds = spec.kind and set_of(spec.kind)
    r.run = function(ev, st)
      local req = ev.data
      if spec.request then
        req = spec.request(ev)
        if req == nil then return end
        if req.approval == nil then req.approval = req.id end
      else
        req = { approval = req.id, kind = req.kind, amount_fen = req.amount_fen, attrs = req.attrs,
          customer = req.customer, subject = req.subject, requested_by = req.requested_by }
      end
      if kinds and not kinds[req.kind] then note(st, r, "kind " .. tostring(req.kind) .. " is not this rule's") return end
      local ok, why = matches(spec.when, req, ev)
      if not ok then note(st, r, "does not apply: " .. why) return end
      for i, row in ipairs(rows) do
        local hit = true
        if row.amount then hit, why = matches({ amount_fen = row.amount }, req, ev) end
        if hit and row.when then hit, why = matches(row.when, req, ev) end
        if hit then
          if row.auto then note(st, r, sfmt("row %d: automatic", i)) return end
          note(st, r, sfmt("row %d: needs %s (%s)", i, concat(row.chain, ", "), row.mode or "all"))
          emit(r, st, { type = "require_approval", approval = req.approval, chain = row.chain,
            mode = row.mode or "all", before = row.before ~= false, subject = req.subject, kind = req.kind,
            customer = req.customer, amount_fen = req.amount_fen })
          return
        end
        note(st, r, sfmt("row %d did not match: %s", i, why))
      end
    end
  end)

----------------------------------------------------------------------------
-- route

local route_word = family("route", { "on", "__rows" }, function(r, spec, level)
  for i, row in ipairs(spec) do
    check_keys(row, set_of { "when", "to", "form", "major", "respond_within" }, sfmt("route \"%s\" row %d", r.id, i), level + 1)
    if type(row.to) ~= "string" then fail(sfmt("route \"%s\" row %d needs to = \"who\"", r.id, i), level + 1) end
  end
  listen(r, spec.on or "complaint.received", level + 1)
  r.run = function(ev, st)
    for i, row in ipairs(spec) do
      local ok, why = matches(row.when, ev.data, ev)
      if ok then
        -- to = "account_owner" is the complaining customer's own owner.
        local to = row.to
        if to == "account_owner" then
          local c = ev.data.customer and facts.customer(ev.data.customer)
          to = c and c.owner or to
        end
        note(st, r, sfmt("row %d matched (%s) -> %s", i, describe_cond(row.when), to))
        emit(r, st, { type = "route", complaint = ev.data.complaint or ev.data.id, to = to, form = row.form,
          major = row.major,
          respond_by = row.respond_within and time.add(ev.at, row.respond_within) })
        return
      end
      note(st, r, sfmt("row %d did not match: %s", i, why))
    end
  end
end)

----------------------------------------------------------------------------
-- ladder

local ladder_word = family("ladder", { "on", "kind", "window", "steps", "when", "staff" }, function(r, spec, level)
  if type(spec.steps) ~= "table" or #spec.steps == 0 then
    fail(sfmt("ladder \"%s\" needs steps = { fine \"20 yuan\", ... }", r.id), level + 1)
  end
  for i, s in ipairs(spec.steps) do
    if type(s) ~= "table" or (s.step ~= "fine" and s.step ~= "sanction") then
      fail(sfmt("ladder \"%s\" step %d must be fine \"...\", dismiss \"...\", warn \"...\" or sanction \"...\"", r.id, i), level + 1)
    end
  end
  if #spec.steps > 1 and spec.window == nil then
    fail(sfmt("ladder \"%s\" has %d steps but no window (e.g. window = \"calendar month\")", r.id, #spec.steps), level + 1)
  end
  if spec.window and not smatch(spec.window, "^calendar %a+$") then
    check_duration(spec.window, sfmt("ladder \"%s\" window", r.id), level + 1)
  end
  local on = spec.on or "violation.reported"
  listen(r, on, level + 1)
  local kinds = spec.kind and set_of(spec.kind)
  r.run = function(ev, st)
    local d = ev.data
    if kinds and not kinds[d.kind] then note(st, r, "kind " .. tostring(d.kind) .. " is not this ladder's") return end
    local ok, why = matches(spec.when, d, ev)
    if not ok then note(st, r, "does not apply: " .. why) return end
    local staff = d.staff
    local n = 1
    if spec.window then
      local from, to = time.window(ev.at, spec.window)
      local filter = { staff = staff, kind = spec.kind and list_of(spec.kind) or d.kind,
        at = { from = from, to = ev.at <= to and ev.at or to } }
      if spec.when == nil then
        n = facts.count("violations", filter)
      else
        -- Only reports that met the condition count: a late arrival
        -- reported at 08:30 sharp was no violation and is no "first time".
        n = 0
        for _, v in ipairs(facts.rows("violations", filter, { limit = 100000 })) do
          if matches(spec.when, v, ev) then n = n + 1 end
        end
      end
    end
    local s = spec.steps[n] or spec.steps[#spec.steps]
    note(st, r, sfmt("occurrence %d in %s -> %s", n, spec.window or "no window", s.describe or s.step))
    -- Without a window every report is the first: no count to show.
    local reason = spec.window and sfmt("%s #%d", r.id, n) or r.id
    if s.step == "fine" then
      emit(r, st, { type = "fine", staff = staff, amount_fen = s.amount_fen, occurrence = n, reason = reason })
    else
      emit(r, st, { type = "sanction", staff = staff, sanction = s.sanction, occurrence = n,
        reason = s.reason and (reason .. ": " .. s.reason) or reason })
    end
  end
end)

----------------------------------------------------------------------------
-- rule: anything else

local rule_word = family("rule", { "on", "when", "run" }, function(r, spec, level)
  if type(spec.run) ~= "function" then
    fail(sfmt("rule \"%s\" needs run = function(ev) ... end", r.id), level + 1)
  end
  listen(r, spec.on, level + 1)
  if next(r.on) == nil then fail(sfmt("rule \"%s\" needs on = \"event type\"", r.id), level + 1) end
  r.run = function(ev, st)
    local when = spec.when
    if when ~= nil then
      local ok, why = matches(when, ev.data, ev)
      if not ok then note(st, r, "condition not met: " .. why) return end
    end
    -- ctx is one table the event's rules share, made when first asked for.
    local ctx = st.ctx
    if ctx == nil then ctx = {}; st.ctx = ctx end
    local out = spec.run(ev, ctx)
    if out ~= nil then emit(r, st, out) end
  end
end)

----------------------------------------------------------------------------
-- Built-in rules the engine always applies, after the pack's own.

local builtin = {}

-- A decision on an approval: the decider's role must be in the chain.
builtin[#builtin + 1] = { id = "approval decision", clause = "engine", where = "engine", on = { ["approval.decided"] = true },
  run = function(ev, st, r)
    local d = ev.data
    local a = facts.approval(d.approval)
    if a == nil then fail("approval '" .. d.approval .. "' does not exist") end
    if a.status ~= "pending" then fail(sfmt("approval '%s' is already %s", d.approval, a.status)) end
    local s = facts.staff(d.by)
    -- chain = { "customer" } asks the request's own customer to agree
    -- (a quote, a disclosure of their data): they decide as themselves.
    if s == nil and a.customer ~= nil and d.by == a.customer then
      s = { id = d.by, role = "customer" }
    end
    if s == nil then fail("unknown staff '" .. d.by .. "'") end
    local role
    for _, x in ipairs(a.chain or {}) do
      if x == s.role or x == s.id then role = x end
    end
    local signed = set_of(a.signed)
    if role == nil or signed[role] then
      local waiting = {}
      for _, x in ipairs(a.chain or {}) do if not signed[x] then waiting[#waiting + 1] = x end end
      fail(sfmt("staff '%s' (role %s) cannot decide approval '%s': waiting for %s", s.id, tostring(s.role),
        d.approval, #waiting > 0 and concat(waiting, ", ") or "nobody"))
    end
    if d.decision == "approve" then
      emit(r, st, { type = "approve", approval = d.approval, by = s.id, role = role })
    elseif d.decision == "reject" then
      emit(r, st, { type = "reject", approval = d.approval, by = s.id, reason = d.note })
    else
      fail("decision must be \"approve\" or \"reject\", got " .. describe(d.decision))
    end
  end }

-- task.done closes any open task by its id: a meeting held, a report handed
-- in, a plan delivered (tasks a calendar opens have no other event).
builtin[#builtin + 1] = { id = "task done", clause = "engine", where = "engine",
  on = { ["task.done"] = true },
  run = function(ev, st, r)
    local t = host.select("tasks", { id = ev.data.task })[1]
    if t == nil then fail("task " .. tostring(ev.data.task) .. " does not exist") end
    if t.status == "done" or t.status == "cancelled" then
      fail(sfmt("task %d is already %s", t.id, t.status))
    end
    emit(r, st, { type = "complete_followup", task = t.id })
  end }

-- A request no rule asked anyone to sign is approved automatically.
builtin[#builtin + 1] = { id = "automatic approval", clause = "no rule requires sign-off", where = "engine",
  on = { ["approval.requested"] = true },
  run = function(ev, st, r)
    if not (st.handled and st.handled[ev.data.id]) then
      emit(r, st, { type = "approve", approval = ev.data.id, by = "auto", role = "auto" })
    end
  end }

-- The clock: an open task past its due time is overdue, and escalated
-- when its rule said to whom.
builtin[#builtin + 1] = { id = "overdue follow-ups", clause = "engine", where = "engine", on = { tick = true },
  run = function(ev, st, r)
    -- A page at a time, so a store with a million late tasks does not load
    -- them all into the rules' memory: each one handled leaves the open set.
    -- Each page has the limits a rule has (a backlog of 600,000 tasks would
    -- not fit in one): every page finishes its tasks, so this ends.
    repeat
      host.renew_limits()
      local due = host.select("tasks", { status = "open", due_at = { before = ev.at } }, { limit = 1000 })
      for _, t in ipairs(due) do
        if t.escalate_to then
          emit(r, st, { type = "escalate", task = t.id, to = t.escalate_to })
        else
          emit(r, st, { type = "mark_overdue", task = t.id })
        end
      end
    until #due < 1000
  end }
for _, b in ipairs(builtin) do b.builtin = true end

----------------------------------------------------------------------------
-- The pack manifest and parameters

local pack_keys = set_of { "name", "title", "timezone", "params", "clause" }
local function pack_word(spec)
  if manifest then fail("pack { ... } is declared twice", 2) end
  if type(spec) ~= "table" then fail("pack expects a table: pack { title = ..., params = { ... } }", 2) end
  check_keys(spec, pack_keys, "pack", 2)
  if spec.name ~= nil and spec.name ~= host.pack_name then
    fail(sfmt("pack name '%s' does not match its folder '%s'", tostring(spec.name), host.pack_name), 2)
  end
  manifest = spec
  if spec.timezone ~= nil then host.set_timezone(spec.timezone) end
  for k, v in pairs(spec.params or {}) do params[k] = v end
  -- A spec's params = { ... } replaces declared values; it cannot invent names.
  for k, v in pairs(host.param_overrides or {}) do
    if params[k] == nil then
      fail(sfmt("spec params: '%s' is not a parameter of pack %s (declared: %s)", tostring(k),
        host.pack_name, concat(keys_of(params), ", ")), 2)
    end
    params[k] = v
  end
end

-- `param` stays empty so that assigning to it fails.  Its reads go to
-- `read`, a cache of the parameters read so far, so a rule reading
-- param.x once per event pays for a metamethod call only the first time;
-- that first read records the name for lint (used_params) and fails on
-- names pack { params = } did not declare.  The cache cannot go stale:
-- params change only in pack { }, before any name can be read.
local read = setmetatable({}, {
  __index = function(t, k)
    local v = params[k]
    if v == nil then fail("unknown parameter '" .. tostring(k) .. "' (declare it in pack { params = { ... } })", 2) end
    used_params[k] = true
    rawset(t, k, v)
    return v
  end,
})
local param = setmetatable({}, {
  __index = read,
  __newindex = function(_, k) fail("parameters are set in pack { params = { ... } }, not assigned ('" .. tostring(k) .. "')", 2) end,
})

----------------------------------------------------------------------------
-- The environment rule files see

local function copy(t)
  local c = {}
  for k, v in pairs(t) do c[k] = v end
  return c
end

local modules = {}
local allowed = {
  assert = assert, error = error, ipairs = ipairs, next = next, pairs = pairs, pcall = pcall,
  select = select, tonumber = tonumber, tostring = tostring, type = type, xpcall = xpcall,
  rawequal = rawequal, rawlen = rawlen, setmetatable = setmetatable, getmetatable = getmetatable,
  string = copy(string), table = copy(table), math = copy(math), utf8 = copy(utf8),
  coroutine = copy(coroutine),
  print = host.print,
  -- vocabulary
  pack = pack_word, param = param, facts = facts, time = time,
  classify = nil, cadence = cadence_word, deadline = deadline_word, calendar = calendar_word,
  approval = approval_word, route = route_word, ladder = ladder_word, rule = rule_word,
  at_least = at_least, at_most = at_most, more_than = more_than, less_than = less_than,
  between = between, is_set = is_set, is_not = is_not, after = after, by = by_clock,
  fine = fine, sanction = sanction, dismiss = dismiss, warn = warn, escalate = escalate,
  yuan = yuan, money = function(v) return money(v, "money") end,
  csv = csv_word,
}
for name, b in pairs(action) do allowed[name] = b end
-- classify "id" { rows } defines a rule, classify { customer =, class = }
-- builds an action; route likewise.
local function rule_or_action(word, build)
  return function(v)
    if type(v) == "table" then return build(v) end
    return word(v)
  end
end
allowed.classify = rule_or_action(classify_word, builder("classify"))
allowed.route = rule_or_action(route_word, action.route)
-- require "name" loads lib/name.lua from the pack's own folder, once.
allowed.require = function(name)
  if type(name) ~= "string" or not smatch(name, "^[%w_]+$") then
    fail("require: module names are plain words naming a file in the pack folder, got " .. describe(name), 2)
  end
  if modules[name] == nil then
    local ok, chunk = pcall(host.load_module, name)
    if not ok then fail(chunk, 2) end -- point at the require, not in here
    modules[name] = chunk() or true
  end
  return modules[name]
end

-- A global read finds the name in `allowed` without a metamethod call;
-- only a name `allowed` lacks reaches its __index, which fails (level 2 is
-- still the rule's line: the VM calls it from the reading function).  env
-- itself stays empty so that every assignment reaches __newindex.
setmetatable(allowed, {
  __index = function(_, k) fail("unknown name '" .. tostring(k) .. "'", 2) end,
})
local env = setmetatable({}, {
  __index = allowed,
  __newindex = function(_, k)
    fail("cannot set global '" .. tostring(k) .. "': declare it with local", 2)
  end,
  __metatable = false,
})
allowed._G = env

----------------------------------------------------------------------------
-- The api the engine calls

local api = { env = env }

function api.finish()
  if manifest == nil then
    fail("pack.lua must declare pack { title = ..., params = { ... } }", 1)
  end
  local n = 0
  for _, r in ipairs(rules) do if not r.builtin then n = n + 1 end end
  return manifest.title or host.pack_name, manifest.timezone or "+08:00", n
end

local function dispatch_one(r, ev, st)
  current = r
  local ok, err = pcall(r.run, ev, st, r)
  if not ok then
    error(sfmt("pack %s, rule \"%s\" (%s, %s): %s", host.pack_name, r.id, r.clause, r.where, tostring(err)), 0)
  end
end

-- Runs every rule listening to ev.type, then the built-ins.  With
-- `explain`, returns the notes rules left about their decisions.
function api.dispatch(ev, explain)
  ev.data = ev.data or {}
  local type_ = ev.type
  local st = { fired = 0, explain = explain and {} }
  for i = 1, #rules do
    local r = rules[i]
    if not explain then
      if r.on[type_] then dispatch_one(r, ev, st) end
    elseif r.on[type_] then
      -- What the rule did shows in the counts before and after it ran.
      local fired, notes = st.fired, #st.explain
      dispatch_one(r, ev, st)
      fired = st.fired - fired
      if fired > 0 then
        note(st, r, sfmt("fired %d action%s", fired, fired > 1 and "s" or ""))
      elseif #st.explain == notes then
        note(st, r, "did not fire")
      end
    else
      note(st, r, "not listening to " .. type_)
    end
  end
  for i = 1, #builtin do
    local b = builtin[i]
    if b.on[type_] then dispatch_one(b, ev, st) end
  end
  current = nil
  return st.explain or nil
end

function api.current()
  if current == nil then return "pack " .. host.pack_name end
  return sfmt("pack %s, rule \"%s\" (%s, %s)", host.pack_name, current.id, current.clause, current.where)
end

-- Earliest moment after `since` when a calendar rule has work.
function api.next_due(since)
  local best
  for _, r in ipairs(rules) do
    if r.each then
      r.each(since, since + 400 * 86400 * 10, function(open_at)
        if best == nil or open_at < best then best = open_at end
        return true
      end)
    end
  end
  return best
end

-- What lint (lint.lua) inspects: the rules as defined, the parameters and
-- which of them were read, and how to recognise a predicate.
function api.internals()
  return { rules = rules, params = params, used_params = used_params,
           predicate_mt = predicate_mt, pack = host.pack_name }
end

-- Rules described for tools (check, lint, explain).
function api.rules()
  local out = {}
  for i, r in ipairs(rules) do
    out[i] = { id = r.id, family = r.family, clause = r.clause, where = r.where, on = keys_of(r.on) }
  end
  return out, keys_of(params), keys_of(used_params)
end

return api
