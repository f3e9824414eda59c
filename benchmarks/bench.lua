-- wrk script for every Flouria benchmark, set up through environment variables:
--   BENCH_MODE    get | tips | put
--   BENCH_COOKIE  the Cookie header (session + flouria_diary), optional
--   BENCH_CSRF    the X-CSRFToken header (put)
--   BENCH_BODY    a file with the JSON body (tips: the request; put: a check-in template whose
--                 "id" is "__ID__", replaced by a new uuid on every request)
-- done() prints one line of JSON: requests/s, latency percentiles and errors (non-2xx + socket).

local mode = os.getenv("BENCH_MODE") or "get"
local cookie = os.getenv("BENCH_COOKIE")
local csrf = os.getenv("BENCH_CSRF")
local body_file = os.getenv("BENCH_BODY")

local threads = {}
local counter = 0
-- Globals, so that setup() and done() can reach them through thread:set/get.
non2xx = 0
thread_id = 0
local run_tag = 0

local function read_file(path)
  local f = assert(io.open(path, "rb"))
  local text = f:read("*a")
  f:close()
  return text
end

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

-- Fixed requests (get, tips) are built once; only put needs a new request each time.
if cookie and cookie ~= "" then wrk.headers["Cookie"] = cookie end
if mode ~= "get" then
  wrk.method = mode == "put" and "PUT" or "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.body = read_file(body_file)
end

function init(args)
  -- os.time() differs per run, thread_id per thread, counter per request: every id is new.
  math.randomseed(os.time() * 100 + thread_id)
  run_tag = math.random(0, 0x7fffffff)
end

-- A version-4-shaped uuid, unique per run, thread and request.
local function new_uuid()
  counter = counter + 1
  return string.format("%08x-%04x-4%03x-a%03x-%012x",
    run_tag, thread_id, math.random(0, 0xfff), math.random(0, 0xfff), counter)
end

if mode == "put" then
  wrk.headers["X-CSRFToken"] = csrf
  function request()
    local id = new_uuid()
    local put_body = wrk.body:gsub("__ID__", id)
    return wrk.format(nil, "/api/v1/checkins/" .. id, nil, put_body)
  end
end

function response(status, resp_headers, resp_body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("non2xx") end
  local e = summary.errors
  local socket = e.connect + e.read + e.write + e.timeout
  local seconds = summary.duration / 1e6
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "rps": %.1f, "bytes": %d, ' ..
    '"latency_ms": {"mean": %.3f, "p50": %.3f, "p90": %.3f, "p99": %.3f, "max": %.3f}, ' ..
    '"non2xx": %d, "socket_errors": %d, "errors": %d}\n',
    summary.requests, seconds, summary.requests / seconds, summary.bytes,
    latency.mean / 1000, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    bad, socket, bad + socket))
end
