-- Shared by the benchmark's wrk scripts: the secret key, random picks, and a done() that prints
-- one machine-readable line (read by bench.sh): requests/s, p50 and p99 in ms, non-2xx, errors.
local thread_counter = 0

function setup(thread)
  thread_counter = thread_counter + 1
  thread:set("tid", thread_counter)
end

function init(args)
  math.randomseed(os.time() * 1000 + (tid or 0))
  per = tonumber(os.getenv("BENCH_PER") or "100000")
  key = os.getenv("BENCH_KEY") or "vk_secret_bench"
  wrk.headers["X-Api-Key"] = key
  wrk.headers["Content-Type"] = "application/json"
  counter = 0
end

function pick_collection() return "bench_" .. math.random(0, 9) end
function pick_key() return "k" .. math.random(1, per) end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local bad = summary.errors.status
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("BENCH %.1f %.3f %.3f %d %d %d\n", summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, bad, errors, summary.requests))
end
