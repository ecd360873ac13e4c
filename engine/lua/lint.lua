-- lint.lua - finds what is legal but probably wrong in a pack: parameters
-- nobody uses, classification rows that repeat a value, can never match or leave
-- customers unclassified, follow-up cadences without an owner, approval
-- amount tiers with gaps or overlaps.  Runs in the pack's own state with
-- what the vocabulary exposes (api.internals()) and the pack's sources.
--
-- Numbers are compared as integer intervals [lo, hi]: each predicate
-- (at_least, more_than, ...) carries its own, in fen for amounts.  The first
-- matching row wins, so overlapping rows are fine as long as each row can
-- still match something.

local internals, sources = ...
local rules, params, used = internals.rules, internals.params, internals.used_params
local predicate_mt = internals.predicate_mt
local MIN, MAX = math.mininteger, math.maxinteger
local sfmt, concat, sort = string.format, table.concat, table.sort

local warnings = {}
local function warn(r, msg)
  warnings[#warnings + 1] = { pack = internals.pack, rule = r and r.id, where = r and r.where,
    message = msg }
end

local function show(n, money)
  if n == MIN then return "-inf" end
  if n == MAX then return "+inf" end
  if money then return sfmt("%d.%02d yuan", n // 100, n % 100) end
  return tostring(n)
end

local function is_pred(v) return getmetatable(v) == predicate_mt end

-- The gaps, within [lo, hi], of the union of the items' intervals.
local function gaps_of(items, lo, hi)
  local sorted = {}
  for i, it in ipairs(items) do sorted[i] = it end
  sort(sorted, function(a, b) return a.lo < b.lo end)
  local gaps, reach = {}, nil -- reach: highest number covered so far
  for _, it in ipairs(sorted) do
    -- (lo - 1 would wrap around at math.mininteger: compare without it)
    local start = reach == nil and lo or (reach < hi and reach + 1 or nil)
    if start and it.lo > start and start <= hi then
      gaps[#gaps + 1] = { lo = start, hi = math.min(it.lo - 1, hi) }
    end
    if reach == nil or it.hi > reach then reach = it.hi end
  end
  if reach == nil then gaps[#gaps + 1] = { lo = lo, hi = hi }
  elseif reach < hi then gaps[#gaps + 1] = { lo = math.max(reach + 1, lo), hi = hi } end
  return gaps
end

-- Rows whose whole range is taken by rows before them can never match
-- (first match wins).  Partial overlaps are how cascades are written
-- (>= 80 A, >= 60 B, ...) and are not reported.
local function shadowed(ranges, describe_row)
  for i, it in ipairs(ranges) do
    local before = {}
    for j = 1, i - 1 do before[j] = ranges[j] end
    if i > 1 and #gaps_of(before, it.lo, it.hi) == 0 then
      describe_row(it)
    end
  end
end

----------------------------------------------------------------------------
-- Parameters: declared but never read, at load time or in the text.

local text = concat(sources, "\n")
for name in pairs(params) do
  if not used[name] and not text:find("param%." .. name .. "%f[^%w_]") and
      not text:find("param%[%s*[\"']" .. name .. "[\"']") then
    warn(nil, sfmt("parameter '%s' is declared but never used", name))
  end
end

----------------------------------------------------------------------------
-- classify

local function check_classify(r)
  local rows, default_at = {}, nil
  for i, row in ipairs(r.spec) do rows[i] = row end
  local fields, functions = {}, false
  for i, row in ipairs(rows) do
    local w = row.when
    if w == nil or (type(w) == "table" and next(w) == nil) then
      if default_at then
        warn(r, sfmt("row %d (class %s) can never match: row %d before it matches every customer",
          i, row.class, default_at))
      else
        default_at = i
      end
    elseif default_at then
      warn(r, sfmt("row %d (class %s) can never match: row %d before it matches every customer",
        i, row.class, default_at))
    elseif type(w) == "function" then
      functions = true
    else
      for k in pairs(w) do fields[k] = true end
    end
  end
  local names = {}
  for k in pairs(fields) do names[#names + 1] = k end
  if functions or #names ~= 1 then
    if not default_at then
      warn(r, "no last row without a condition: customers matching no row stay unclassified")
    end
    return
  end
  -- One field decides: check its values and ranges row against row.
  local field, seen, ranges = names[1], {}, {}
  for i, row in ipairs(rows) do
    local want = type(row.when) == "table" and row.when[field]
    if is_pred(want) then
      if want.lo then ranges[#ranges + 1] = { lo = want.lo, hi = want.hi, row = i } end
    elseif want ~= nil and want ~= false then
      -- A value or a list of values ("any of"): each claimed once.
      for _, v in ipairs(type(want) == "table" and want or { want }) do
        if seen[v] then
          warn(r, sfmt("row %d: %s = %q is already matched by row %d (the first match wins)",
            i, field, tostring(v), seen[v]))
        end
        seen[v] = seen[v] or i
      end
    end
  end
  if #ranges > 0 then
    shadowed(ranges, function(it)
      warn(r, sfmt("row %d can never match: rows before it take every %s from %s to %s",
        it.row, field, show(it.lo), show(it.hi)))
    end)
    if not default_at then
      for _, g in ipairs(gaps_of(ranges, MIN, MAX)) do
        warn(r, sfmt("%s from %s to %s matches no row: those customers stay unclassified",
          field, show(g.lo), show(g.hi)))
      end
    end
  elseif not default_at then
    warn(r, "no last row without a condition: customers matching no row stay unclassified")
  end
end

----------------------------------------------------------------------------
-- cadence, approval

local function check_cadence(r)
  local keys = {}
  for k in pairs(r.rows or {}) do keys[#keys + 1] = tostring(k) end
  sort(keys)
  for _, k in ipairs(keys) do
    if r.rows[k].owner == nil then
      warn(r, sfmt("%s has no owner: say who follows up (owner = \"account_owner\" or a role)", k))
    end
  end
end

local function check_approval(r)
  local ranges, catch_all = {}, nil
  for i, row in ipairs(r.rows or {}) do
    if row.amount == nil and row.when == nil then
      catch_all = catch_all or i
    elseif is_pred(row.amount) and row.amount.lo and row.when == nil then
      ranges[#ranges + 1] = { lo = math.max(row.amount.lo, 0), hi = row.amount.hi, row = i }
    end
  end
  if #ranges == 0 then return end
  shadowed(ranges, function(it)
    warn(r, sfmt("row %d can never match: rows before it take every amount from %s to %s",
      it.row, show(it.lo, true), show(it.hi, true)))
  end)
  if not catch_all then
    for _, g in ipairs(gaps_of(ranges, 0, MAX)) do
      warn(r, sfmt("amounts from %s to %s match no row: such requests are approved automatically",
        show(g.lo, true), show(g.hi, true)))
    end
  end
end

local checks = { classify = check_classify, cadence = check_cadence, approval = check_approval }
for _, r in ipairs(rules) do
  local check = checks[r.family]
  if check then check(r) end
end
return warnings
