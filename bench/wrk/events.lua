-- wrk script: every request POSTs one new decide event (a unique id per
-- thread and request) with the token from BENCH_TOKEN, for customers
-- c0..c(BENCH_CUSTOMERS-1).  done() prints one JSON line with the request
-- rate and the latency percentiles, in microseconds.
local counter = 0
local threads = {}
local token = os.getenv("BENCH_TOKEN") or "bench-admin-token"
local customers = tonumber(os.getenv("BENCH_CUSTOMERS") or "1000")

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(1000 + tid)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. token
end

local levels = { 200000, 2000000, 20000000, 80000000 }

function request()
  counter = counter + 1
  local id = string.format("w%d-%d", tid, counter)
  local body = string.format(
    '{"id":"%s","pack":"decide","type":"order.placed","at":"2026-01-05T09:00:00+08:00",' ..
    '"data":{"id":"%s","customer":"c%d","amount_fen":%d,"attrs":{"revenue_fen":%d,' ..
    '"overdue_days":%d,"discount_pct":%d}}}',
    id, id, math.random(0, customers - 1), math.random(1000, 5000000),
    levels[math.random(1, 4)] + math.random(0, 999999), math.random(0, 120), math.random(0, 40))
  return wrk.format(nil, nil, nil, body)
end

function done(summary, latency, requests)
  local s = summary.duration / 1e6
  io.write(string.format(
    '{"requests":%d,"seconds":%.3f,"rate":%.1f,"non2xx":%d,"errors":%d,' ..
    '"p50_us":%d,"p99_us":%d,"p999_us":%d}\n',
    summary.requests, s, summary.requests / s, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9)))
end
