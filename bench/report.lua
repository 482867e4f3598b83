-- wrk script: optional POST bodies and cookies from the environment, and a JSON summary.
--   BENCH_METHOD   GET (default) or POST
--   BENCH_BODIES   request bodies separated by "\n" (POST), used round-robin
--   BENCH_COOKIES  Cookie headers separated by "\n", used round-robin with the bodies
--   BENCH_PATHS    paths separated by "\n", used round-robin (default: the URL's path)
--   BENCH_HEADERS  extra "Name: value" headers separated by "\n", sent with every request
local method = os.getenv("BENCH_METHOD") or "GET"
local function split(s)
  local out = {}
  if s == nil or s == "" then return out end
  for part in string.gmatch(s, "[^\n]+") do table.insert(out, part) end
  return out
end
local bodies = split(os.getenv("BENCH_BODIES"))
local cookies = split(os.getenv("BENCH_COOKIES"))
local paths = split(os.getenv("BENCH_PATHS"))
local extra = {}
for _, line in ipairs(split(os.getenv("BENCH_HEADERS"))) do
  local name, value = string.match(line, "^([^:]+):%s*(.*)$")
  if name then extra[name] = value end
end
local counter = 0
local threads = {}

function setup(thread)
  thread:set("offset", #threads * 7919)
  table.insert(threads, thread)
end

function init(args)
  counter = offset or 0
end

function request()
  counter = counter + 1
  local headers = {}
  for name, value in pairs(extra) do headers[name] = value end
  local body = nil
  local path = nil
  if #paths > 0 then path = paths[(counter % #paths) + 1] end
  if #cookies > 0 then headers["Cookie"] = cookies[(counter % #cookies) + 1] end
  if method == "POST" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    headers["Accept"] = "application/json"
    if #bodies > 0 then body = bodies[(counter % #bodies) + 1] end
  end
  return wrk.format(method, path, headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
