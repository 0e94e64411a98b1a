-- counter +1 on one path of a random document (mutate_in)
dofile(os.getenv("BENCH_WRK") .. "/common.lua")
local body = '{"specs":[{"op":"counter","path":"visits","delta":1}]}'
request = function()
  return wrk.format("POST", "/v1/kv/" .. pick_collection() .. "/" .. pick_key() .. "/mutate_in", nil, body)
end
