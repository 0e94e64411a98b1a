-- get by key: GET /v1/kv/bench_<0-9>/k<n>
dofile(os.getenv("BENCH_WRK") .. "/common.lua")
request = function()
  return wrk.format("GET", "/v1/kv/" .. pick_collection() .. "/" .. pick_key())
end
